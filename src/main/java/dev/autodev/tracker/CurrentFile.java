package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autodev.store.ChecksummedDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The shape of current.json: the seed's keys (session_id, started_at, current_task,
 * completed_tasks, memory) plus schema_version, the checksum of the whole file ({@link
 * dev.autodev.store.ChecksummedDocument}; absent in version 1 files), revision, the open tasks and
 * the runs.
 */
record CurrentFile(
    int schemaVersion,
    @Nullable String checksum,
    long revision,
    @Nullable UUID sessionId,
    @Nullable Instant startedAt,
    @Nullable Instant lastActivityAt,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable CurrentTaskView currentTask,
    List<Task> tasks,
    List<CompletedSummary> completedTasks,
    List<FailedSummary> failedTasks,
    Memory memory,
    Runs runs,
    @Nullable RecoveryNote lastRecovery) {

  /** 2: the file carries a checksum. Version 1 files are still read, and rewritten as 2. */
  static final int SCHEMA_VERSION = 2;

  /** The current task as the seed shows it. */
  record CurrentTaskView(
      UUID id, String name, TaskStatus status, @Nullable Instant startedAt, TaskContext context) {}

  static CurrentFile of(TrackerState s) {
    Task current = s.currentTask();
    return new CurrentFile(
        SCHEMA_VERSION,
        ChecksummedDocument.PLACEHOLDER,
        s.revision(),
        s.sessionId(),
        s.startedAt(),
        s.lastActivityAt(),
        current == null
            ? null
            : new CurrentTaskView(
                current.id(),
                current.name(),
                current.status(),
                current.startedAt(),
                current.context()),
        List.copyOf(s.tasks().values()),
        s.completedTasks(),
        s.failedTasks(),
        s.memory(),
        s.runs(),
        s.lastRecovery());
  }

  TrackerState toState() {
    Map<UUID, Task> map = new LinkedHashMap<>();
    for (Task t : tasks == null ? List.<Task>of() : tasks) {
      map.put(t.id(), t);
    }
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTask == null ? null : currentTask.id(),
        map,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }
}
