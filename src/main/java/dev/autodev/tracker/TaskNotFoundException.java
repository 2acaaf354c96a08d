package dev.autodev.tracker;

/** No open or archived task has the given id or id prefix. */
public class TaskNotFoundException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public TaskNotFoundException(String idOrPrefix) {
    super("no task with id '" + idOrPrefix + "'");
  }

  @Override
  public Kind kind() {
    return Kind.NOT_FOUND;
  }
}
