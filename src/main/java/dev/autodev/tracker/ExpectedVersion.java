package dev.autodev.tracker;

import org.jspecify.annotations.Nullable;

/**
 * The version of a task a caller last saw (an HTTP {@code If-Match}), checked inside the change
 * under the store lock, so two clients cannot silently overwrite each other: a stale version
 * refuses the change instead of a read-then-write race. {@link #ANY} skips the check.
 */
public record ExpectedVersion(@Nullable Long version) {

  /** No precondition: the change applies to whatever version is current. */
  public static final ExpectedVersion ANY = new ExpectedVersion(null);

  public static ExpectedVersion of(long version) {
    return new ExpectedVersion(version);
  }

  /** Throws {@link StaleVersionException} when the task is not at the expected version. */
  void check(Task task) {
    if (version != null && task.version() != version) {
      throw new StaleVersionException(task, version);
    }
  }
}
