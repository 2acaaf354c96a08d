package dev.autodev.task;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The filters of {@code task list} and GET /api/tasks: a status, a priority, and tags (a task must
 * carry every tag given). Open tasks by default; completed and failed ones are read from history.
 */
record TaskFilter(@Nullable TaskStatus status, @Nullable Priority priority, List<String> tags)
    implements Predicate<Task> {

  static final int LIMIT_MAX = 10_000;

  TaskFilter {
    tags = List.copyOf(tags);
  }

  /** Parses the filters as typed; a bad value is a clear error naming it. */
  static TaskFilter parse(
      @Nullable String status, @Nullable String priority, @Nullable List<String> tags) {
    return new TaskFilter(
        status == null || status.isBlank() ? null : TaskStatus.parse(status),
        priority == null || priority.isBlank() ? null : Priority.parse(priority),
        TaskInput.tags(tags == null ? List.of() : tags));
  }

  @Override
  public boolean test(Task t) {
    return (status == null || t.status() == status)
        && (priority == null || t.priority() == priority)
        && t.tags().containsAll(tags);
  }

  /** The first {@code limit} matching tasks: open ones in creation order, archived newest first. */
  List<Task> list(TaskTracker tracker, int limit) {
    if (limit < 1 || limit > LIMIT_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + LIMIT_MAX);
    }
    if (status != null && status.archived()) {
      return tracker.archivedMatching(limit, this);
    }
    return tracker.openTasks().stream().filter(this).limit(limit).toList();
  }
}
