package dev.autodev.store;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of the latest save, shared between the write path and the health endpoint: after a
 * failed save the store reports DOWN until a later save succeeds.
 */
public final class StoreHealth {

  private volatile @Nullable Instant lastSuccessAt;
  private volatile @Nullable Instant lastFailureAt;
  private volatile @Nullable String lastFailure;
  private final AtomicLong failures = new AtomicLong();
  private final TimeTally saveTimes = new TimeTally();

  /** A save that took {@code elapsedNanos} succeeded at {@code at}. */
  public void recordSuccess(Instant at, long elapsedNanos) {
    saveTimes.record(elapsedNanos);
    lastSuccessAt = at;
    lastFailure = null;
  }

  public void recordFailure(Instant at, String message) {
    failures.incrementAndGet();
    lastFailureAt = at;
    lastFailure = message;
  }

  /** True unless the latest save failed. */
  public boolean lastSaveOk() {
    return lastFailure == null;
  }

  public @Nullable Instant lastSuccessAt() {
    return lastSuccessAt;
  }

  public @Nullable Instant lastFailureAt() {
    return lastFailureAt;
  }

  public @Nullable String lastFailure() {
    return lastFailure;
  }

  public long saves() {
    return saveTimes.count();
  }

  public long failures() {
    return failures.get();
  }

  /** How long successful saves took, for the save-latency metric. */
  public TimeTally saveTimes() {
    return saveTimes;
  }
}
