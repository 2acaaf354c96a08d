package dev.autodev.task;

import dev.autodev.tracker.Task;
import java.util.List;

/** A listing of tasks, the same document from {@code task list --json} and GET /api/tasks. */
public record TaskList(List<Task> tasks, int count) {

  public static TaskList of(List<Task> tasks) {
    return new TaskList(List.copyOf(tasks), tasks.size());
  }
}
