package dev.autodev.tracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The redo record of one change: what a journal entry must carry to rebuild the state after it from
 * the state before it, without re-running any domain logic. Computed by diffing the two states, so
 * no operation can forget to journal a field.
 *
 * <p>Scalars are always present ({@code null} means none); {@code upserts} hold the full new
 * version of every changed open task; {@code archived} hold the final records of tasks that left
 * for history; lists and objects that did not change are omitted ({@code null}). A memory change
 * travels as a {@link MemoryDelta} ({@code memory_change}) when one reproduces it exactly, else as
 * the whole {@code memory}.
 */
public record StateDelta(
    @Nullable UUID sessionId,
    @Nullable Instant startedAt,
    @Nullable Instant lastActivityAt,
    @Nullable UUID currentTaskId,
    List<Task> upserts,
    List<UUID> removed,
    List<Task> archived,
    @Nullable List<CompletedSummary> completedTasks,
    List<CompletedSummary> completedAdded,
    @Nullable List<FailedSummary> failedTasks,
    @Nullable Memory memory,
    @Nullable Runs runs,
    @Nullable RecoveryNote lastRecovery,
    @Nullable MemoryDelta memoryChange) {

  public StateDelta {
    upserts = upserts == null ? List.of() : List.copyOf(upserts);
    removed = removed == null ? List.of() : List.copyOf(removed);
    archived = archived == null ? List.of() : List.copyOf(archived);
    completedAdded = completedAdded == null ? List.of() : List.copyOf(completedAdded);
  }

  /** The delta that turns {@code before} into {@code after}. */
  public static StateDelta between(TrackerState before, TrackerState after, List<Task> archived) {
    List<Task> upserts = new ArrayList<>();
    for (Task t : after.tasks().values()) {
      if (!t.equals(before.tasks().get(t.id()))) {
        upserts.add(t);
      }
    }
    List<UUID> removed = new ArrayList<>();
    for (UUID id : before.tasks().keySet()) {
      if (!after.tasks().containsKey(id)) {
        removed.add(id);
      }
    }
    List<CompletedSummary> completedFull = null;
    List<CompletedSummary> completedAdded = List.of();
    List<CompletedSummary> b = before.completedTasks();
    List<CompletedSummary> a = after.completedTasks();
    if (!a.equals(b)) {
      if (a.size() >= b.size() && a.subList(0, b.size()).equals(b)) {
        completedAdded = a.subList(b.size(), a.size());
      } else {
        completedFull = a;
      }
    }
    Memory memoryFull = null;
    MemoryDelta memoryChange = null;
    if (!after.memory().equals(before.memory())) {
      memoryChange = MemoryDelta.between(before.memory(), after.memory());
      memoryFull = memoryChange == null ? after.memory() : null;
    }
    return new StateDelta(
        after.sessionId(),
        after.startedAt(),
        after.lastActivityAt(),
        after.currentTaskId(),
        upserts,
        removed,
        archived,
        completedFull,
        completedAdded,
        after.failedTasks().equals(before.failedTasks()) ? null : after.failedTasks(),
        memoryFull,
        after.runs().equals(before.runs()) ? null : after.runs(),
        Objects.equals(after.lastRecovery(), before.lastRecovery()) ? null : after.lastRecovery(),
        memoryChange);
  }

  /** Replays this delta onto {@code state}, giving the state at {@code revision}. */
  public TrackerState applyTo(TrackerState state, long revision) {
    Map<UUID, Task> tasks = new LinkedHashMap<>(state.tasks());
    for (UUID id : removed) {
      tasks.remove(id);
    }
    for (Task t : upserts) {
      tasks.put(t.id(), t);
    }
    List<CompletedSummary> completed;
    if (completedTasks != null) {
      completed = completedTasks;
    } else {
      completed = new ArrayList<>(state.completedTasks());
      completed.addAll(completedAdded);
    }
    return new TrackerState(
        revision,
        sessionId,
        startedAt,
        lastActivityAt,
        currentTaskId,
        tasks,
        completed,
        failedTasks != null ? failedTasks : state.failedTasks(),
        memory != null
            ? memory
            : memoryChange != null ? memoryChange.applyTo(state.memory()) : state.memory(),
        runs != null ? runs : state.runs(),
        lastRecovery != null ? lastRecovery : state.lastRecovery());
  }
}
