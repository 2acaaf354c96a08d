package dev.autodev.history;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreLock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lock on {@code history/.maintenance.lock} (never deleted), held by whoever compacts segments
 * or rewrites index.json, in any process. Waiting is for a user who asked ({@code store compact});
 * background work only tries, and leaves the work to whoever holds it.
 */
final class MaintenanceLock {

  private final StoreLock waiting;
  private final StoreLock trying;

  MaintenanceLock(StoreLock waiting, StoreLock trying) {
    this.waiting = waiting;
    this.trying = trying;
  }

  <T> T call(Supplier<T> action) {
    return waiting.call(action);
  }

  /** Runs {@code action} if the lock is free right now; empty when someone else holds it. */
  <T> Optional<T> tryCall(Supplier<T> action) {
    StoreLock.Held held;
    try {
      held = trying.acquire();
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.LOCK_TIMEOUT || e.code() == StoreErrorCode.READ_ONLY) {
        // Held by someone else, or a store this process cannot write: leave the work to others.
        return Optional.empty();
      }
      throw e;
    }
    try {
      return Optional.ofNullable(action.get());
    } finally {
      held.close();
    }
  }
}
