package dev.autodev.tracker;

/**
 * The task changed since the caller read it (its version is not the one in {@code If-Match}):
 * nothing was changed; read it again and decide.
 */
public class StaleVersionException extends TrackerException {
  private static final long serialVersionUID = 1L;

  private final long currentVersion;

  StaleVersionException(Task task, long expected) {
    super(
        TaskTracker.describe(task)
            + " is at version "
            + task.version()
            + ", not "
            + expected
            + ": it changed since you read it; read it again and retry");
    this.currentVersion = task.version();
  }

  public long currentVersion() {
    return currentVersion;
  }

  @Override
  public Kind kind() {
    return Kind.PRECONDITION_FAILED;
  }
}
