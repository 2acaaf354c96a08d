package dev.autodev.tracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything current.json describes, as one immutable value: the session, the open tasks in
 * creation order, the current task, this session's outcomes, the memory mirror and the runs. {@code
 * revision} counts committed changes and matches the journal.
 */
public record TrackerState(
    long revision,
    @Nullable UUID sessionId,
    @Nullable Instant startedAt,
    @Nullable Instant lastActivityAt,
    @Nullable UUID currentTaskId,
    Map<UUID, Task> tasks,
    List<CompletedSummary> completedTasks,
    List<FailedSummary> failedTasks,
    Memory memory,
    Runs runs,
    @Nullable RecoveryNote lastRecovery) {

  public static final TrackerState EMPTY =
      new TrackerState(
          0, null, null, null, null, Map.of(), List.of(), List.of(), Memory.EMPTY, Runs.NONE, null);

  public TrackerState {
    tasks = tasks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    completedTasks = completedTasks == null ? List.of() : List.copyOf(completedTasks);
    failedTasks = failedTasks == null ? List.of() : List.copyOf(failedTasks);
    memory = memory == null ? Memory.EMPTY : memory;
    runs = runs == null ? Runs.NONE : runs;
  }

  public @Nullable Task task(UUID id) {
    return tasks.get(id);
  }

  public @Nullable Task currentTask() {
    return currentTaskId == null ? null : tasks.get(currentTaskId);
  }

  public TrackerState withRevision(long value) {
    return new TrackerState(
        value,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withSession(@Nullable UUID id, @Nullable Instant started) {
    return new TrackerState(
        revision,
        id,
        started,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withLastActivityAt(@Nullable Instant value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        value,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withCurrentTaskId(@Nullable UUID value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        value,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  /** Adds or replaces one open task, keeping creation order. */
  public TrackerState withTask(Task task) {
    Map<UUID, Task> next = new LinkedHashMap<>(tasks);
    next.put(task.id(), task);
    return withTasks(next);
  }

  /** Drops a task from the open set (it was archived). */
  public TrackerState withoutTask(UUID id) {
    Map<UUID, Task> next = new LinkedHashMap<>(tasks);
    next.remove(id);
    return withTasks(next);
  }

  public TrackerState withTasks(Map<UUID, Task> value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        value,
        completedTasks,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withCompleted(CompletedSummary summary) {
    List<CompletedSummary> next = new ArrayList<>(completedTasks);
    next.add(summary);
    return withCompletedTasks(next);
  }

  public TrackerState withCompletedTasks(List<CompletedSummary> value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        value,
        failedTasks,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withFailedTasks(List<FailedSummary> value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        value,
        memory,
        runs,
        lastRecovery);
  }

  public TrackerState withMemory(Memory value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        value,
        runs,
        lastRecovery);
  }

  public TrackerState withRuns(Runs value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        value,
        lastRecovery);
  }

  public TrackerState withLastRecovery(@Nullable RecoveryNote value) {
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completedTasks,
        failedTasks,
        memory,
        runs,
        value);
  }
}
