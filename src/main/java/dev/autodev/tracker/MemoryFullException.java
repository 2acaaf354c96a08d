package dev.autodev.tracker;

/**
 * The memory already holds as many entries of a kind as it may ({@link MemoryInput}): the change is
 * refused rather than letting every later save grow without bound.
 */
public class MemoryFullException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public MemoryFullException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
