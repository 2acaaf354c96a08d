package dev.autodev.tracker;

/** A status change the task's current status does not allow. */
public class InvalidTransitionException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public InvalidTransitionException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
