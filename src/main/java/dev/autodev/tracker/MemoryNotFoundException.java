package dev.autodev.tracker;

/** No fact with the given key, or no decision or pattern with the given id. */
public class MemoryNotFoundException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public MemoryNotFoundException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.NOT_FOUND;
  }
}
