package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a task is; orders what to do next. */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Priority parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "priority", "unknown priority '" + value + "'; expected one of low, medium, high");
    }
  }

  @Override
  public String toString() {
    return wire();
  }
}
