package dev.autodev.tracker;

import java.util.List;

/**
 * What can be done now, best first: every pending task that nothing blocks, and this session's
 * failed tasks that could be retried. The document of {@code task ready --json} and GET
 * /api/tasks/ready.
 */
public record ReadyTasks(List<Entry> ready, int count) {

  public ReadyTasks {
    ready = List.copyOf(ready);
  }

  static ReadyTasks of(List<Entry> entries) {
    return new ReadyTasks(entries, entries.size());
  }

  /**
   * One ready task.
   *
   * @param unblocks how many open tasks wait on it, directly or through other tasks
   */
  public record Entry(Task task, int unblocks) {}
}
