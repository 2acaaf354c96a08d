package dev.autodev.tracker;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task named by id, name and status: what a dependency list, a blocker list or a scope needs,
 * without the whole record. Name and status are null only when the task cannot be found any more
 * (its history line was lost to damage).
 */
public record TaskRef(UUID id, @Nullable String name, @Nullable TaskStatus status) {

  public static TaskRef of(Task t) {
    return new TaskRef(t.id(), t.name(), t.status());
  }

  /** The first eight characters of the id, as shown in tables. */
  public String shortId() {
    return id.toString().substring(0, 8);
  }

  /** Whether this task no longer holds anything up. */
  public boolean done() {
    return status == TaskStatus.COMPLETED;
  }

  /** {@code task 1a2b3c4d 'Name' (pending)}, for messages and listings. */
  public String describe() {
    return "task "
        + shortId()
        + (name == null ? "" : " '" + name + "'")
        + " ("
        + (status == null ? "not found" : status.wire())
        + ")";
  }
}
