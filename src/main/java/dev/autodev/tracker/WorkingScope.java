package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The working scope: the current task and its chain of parents. The document of {@code task focus
 * --json} and /api/session/focus.
 *
 * @param currentTask the current task, or null when there is none
 * @param scope the chain from the outermost parent down to the current task (empty when none)
 */
public record WorkingScope(
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Task currentTask, List<TaskRef> scope) {

  public WorkingScope {
    scope = List.copyOf(scope);
  }
}
