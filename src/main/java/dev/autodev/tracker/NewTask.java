package dev.autodev.tracker;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What a caller asks for when creating a task; checked by {@link TaskInput} before use. */
public record NewTask(
    String name,
    @Nullable String description,
    @Nullable Priority priority,
    List<String> tags,
    @Nullable UUID parentId,
    List<UUID> dependsOn) {

  public NewTask {
    tags = tags == null ? List.of() : List.copyOf(tags);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }

  public static NewTask named(String name) {
    return new NewTask(name, null, null, List.of(), null, List.of());
  }
}
