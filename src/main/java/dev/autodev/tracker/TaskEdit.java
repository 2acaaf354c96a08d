package dev.autodev.tracker;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a caller asks to change on an open task; a null field stays as it is. An empty description
 * clears it; tags, when given, replace the task's tags (an empty list clears them). Checked by
 * {@link TaskInput} before use.
 */
public record TaskEdit(
    @Nullable String name,
    @Nullable String description,
    @Nullable Priority priority,
    @Nullable List<String> tags) {

  public TaskEdit {
    tags = tags == null ? null : List.copyOf(tags);
  }

  /** True when the edit names no field at all. */
  public boolean isEmpty() {
    return name == null && description == null && priority == null && tags == null;
  }
}
