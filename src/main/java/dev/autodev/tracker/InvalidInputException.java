package dev.autodev.tracker;

/** A value the user gave that cannot be accepted: names the field and says why. */
public class InvalidInputException extends TrackerException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  @Override
  public Kind kind() {
    return Kind.BAD_INPUT;
  }
}
