package dev.autodev.tracker;

/** Removing a dependency a task does not have: nothing to remove, and probably a mistyped id. */
public class DependencyNotFoundException extends TrackerException {
  private static final long serialVersionUID = 1L;

  DependencyNotFoundException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.NOT_FOUND;
  }
}
