package dev.autodev.tracker;

import java.util.List;

/**
 * Every open task that waits on a task not yet completed, with what it waits on. The document of
 * {@code task blocked --json} and GET /api/tasks/blocked.
 */
public record BlockedTasks(List<Entry> blocked, int count) {

  public BlockedTasks {
    blocked = List.copyOf(blocked);
  }

  static BlockedTasks of(List<Entry> entries) {
    return new BlockedTasks(entries, entries.size());
  }

  /** One blocked task and its dependencies that are not completed. */
  public record Entry(Task task, List<TaskRef> blockedBy) {
    public Entry {
      blockedBy = List.copyOf(blockedBy);
    }
  }
}
