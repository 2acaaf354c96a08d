package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a task stands. {@code pending → in_progress → completed | failed}; {@code failed → pending
 * | in_progress} (retry); {@code pending → failed} (abandon). Completed is terminal.
 */
public enum TaskStatus {
  PENDING("pending"),
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String wire;

  TaskStatus(String wire) {
    this.wire = wire;
  }

  /** The name used in files, JSON and on the command line. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** Whether the task leaves the open set for history when it reaches this status. */
  public boolean archived() {
    return this == COMPLETED || this == FAILED;
  }

  /** Parses a status name, accepting {@code in-progress} and any case; a clear error otherwise. */
  @JsonCreator
  public static TaskStatus parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (TaskStatus s : values()) {
      if (s.wire.equals(v)) {
        return s;
      }
    }
    throw new InvalidInputException(
        "status",
        "unknown status '"
            + value
            + "'; expected one of "
            + Arrays.stream(values()).map(TaskStatus::wire).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wire;
  }
}
