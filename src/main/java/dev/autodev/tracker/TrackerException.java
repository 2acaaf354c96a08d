package dev.autodev.tracker;

/**
 * A mistake in what was asked, not a fault of the store: the edges turn it into one clear line and
 * exit code 1 (shell) or a 4xx problem detail (REST). Nothing was changed.
 */
public abstract class TrackerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kind of mistake, which decides the HTTP status. */
  public enum Kind {
    BAD_INPUT,
    NOT_FOUND,
    CONFLICT,
    PRECONDITION_FAILED
  }

  protected TrackerException(String message) {
    super(message);
  }

  public abstract Kind kind();

  /**
   * Whether what the command printed before failing is its result (a report whose verdict is
   * "problems found"), so a one-shot run still prints it on stdout, with only the error line on
   * stderr. Most failures print nothing worth keeping.
   */
  public boolean outputIsResult() {
    return false;
  }
}
