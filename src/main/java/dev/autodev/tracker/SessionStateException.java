package dev.autodev.tracker;

/** A session command that does not fit the session's state: ending none, starting a second. */
public class SessionStateException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public SessionStateException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
