package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to the tracked state, in the past tense. A change carries one or more of
 * them in its journal entry; after the change is durable, {@link TaskTracker} publishes each one so
 * other parts (metrics, say) can react to committed facts only.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DomainEvent.TaskCreated.class, name = "task_created"),
  @JsonSubTypes.Type(value = DomainEvent.TaskStarted.class, name = "task_started"),
  @JsonSubTypes.Type(value = DomainEvent.TaskCompleted.class, name = "task_completed"),
  @JsonSubTypes.Type(value = DomainEvent.TaskFailed.class, name = "task_failed"),
  @JsonSubTypes.Type(value = DomainEvent.TaskRetried.class, name = "task_retried"),
  @JsonSubTypes.Type(value = DomainEvent.TaskEdited.class, name = "task_edited"),
  @JsonSubTypes.Type(value = DomainEvent.TaskDeleted.class, name = "task_deleted"),
  @JsonSubTypes.Type(value = DomainEvent.ContextUpdated.class, name = "context_updated"),
  @JsonSubTypes.Type(value = DomainEvent.ScopeChanged.class, name = "scope_changed"),
  @JsonSubTypes.Type(value = DomainEvent.SessionStarted.class, name = "session_started"),
  @JsonSubTypes.Type(value = DomainEvent.RunEnded.class, name = "run_ended"),
  @JsonSubTypes.Type(value = DomainEvent.RunInterrupted.class, name = "run_interrupted"),
  @JsonSubTypes.Type(value = DomainEvent.StoreRecovered.class, name = "store_recovered"),
  @JsonSubTypes.Type(value = DomainEvent.DependencyAdded.class, name = "dependency_added"),
  @JsonSubTypes.Type(value = DomainEvent.DependencyRemoved.class, name = "dependency_removed"),
  @JsonSubTypes.Type(value = DomainEvent.ProjectTypeSet.class, name = "project_type_set"),
  @JsonSubTypes.Type(value = DomainEvent.FactSet.class, name = "fact_set"),
  @JsonSubTypes.Type(value = DomainEvent.FactRemoved.class, name = "fact_removed"),
  @JsonSubTypes.Type(value = DomainEvent.DecisionRecorded.class, name = "decision_recorded"),
  @JsonSubTypes.Type(value = DomainEvent.PatternLearned.class, name = "pattern_learned"),
  @JsonSubTypes.Type(
      value = DomainEvent.MemoryEntryForgotten.class,
      name = "memory_entry_forgotten"),
  @JsonSubTypes.Type(value = DomainEvent.SessionEnded.class, name = "session_ended"),
})
public sealed interface DomainEvent {

  /** A task was created, pending. */
  record TaskCreated(UUID taskId, String name) implements DomainEvent {}

  /** A task went to in_progress; {@code forced} when its blockers were overridden. */
  record TaskStarted(UUID taskId, boolean forced) implements DomainEvent {}

  /** A task was completed and archived. */
  record TaskCompleted(UUID taskId, long durationSeconds) implements DomainEvent {}

  /** A task failed or was abandoned, and was archived. */
  record TaskFailed(UUID taskId, String reason) implements DomainEvent {}

  /** A failed task came back for another attempt. */
  record TaskRetried(UUID taskId, int attempts) implements DomainEvent {}

  /**
   * Some of an open task's name, description, priority and tags changed; {@code fields} says which.
   */
  record TaskEdited(UUID taskId, List<String> fields) implements DomainEvent {
    public TaskEdited {
      fields = List.copyOf(fields);
    }
  }

  /**
   * An open task was deleted. The journal keeps its last record, audit trail included (ending with
   * a {@code deleted} entry), since no history segment ever will.
   */
  record TaskDeleted(UUID taskId, Task task) implements DomainEvent {}

  /** A file, decision or note was recorded on a task. */
  record ContextUpdated(UUID taskId, ContextKind kind, String value) implements DomainEvent {}

  /** The current task changed. */
  record ScopeChanged(@Nullable UUID from, @Nullable UUID to, String cause)
      implements DomainEvent {}

  /** A new session began with this change. */
  record SessionStarted(UUID sessionId) implements DomainEvent {}

  /** A run (one process) exited gracefully. */
  record RunEnded(UUID runId) implements DomainEvent {}

  /** A run was found dead at a later start: it was killed or crashed. */
  record RunInterrupted(UUID runId, long pid, @Nullable Instant lastChangeAt)
      implements DomainEvent {}

  /** The automatic recovery at a start repaired something; the actions say what. */
  record StoreRecovered(List<String> actions) implements DomainEvent {
    public StoreRecovered {
      actions = List.copyOf(actions);
    }
  }

  /** A task now waits for another one to complete. */
  record DependencyAdded(UUID taskId, UUID dependsOn) implements DomainEvent {}

  /** A task no longer waits for another one. */
  record DependencyRemoved(UUID taskId, UUID dependsOn) implements DomainEvent {}

  /** The memory's project type was set. */
  record ProjectTypeSet(String projectType) implements DomainEvent {}

  /** A fact was added to the memory or changed. */
  record FactSet(String key, String value) implements DomainEvent {}

  /** A fact was removed from the memory. */
  record FactRemoved(String key) implements DomainEvent {}

  /** A key decision was recorded in the memory, optionally about a task. */
  record DecisionRecorded(UUID entryId, @Nullable UUID taskId, String text)
      implements DomainEvent {}

  /** A learned pattern was recorded in the memory. */
  record PatternLearned(UUID entryId, List<String> tags, String text) implements DomainEvent {
    public PatternLearned {
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  /** A decision or pattern was removed from the memory. */
  record MemoryEntryForgotten(UUID entryId, MemoryKind kind) implements DomainEvent {}

  /**
   * A session ended: its summary, as appended to history/sessions.jsonl. Carried whole in the
   * journal so recovery can write that line if a crash kept it out.
   *
   * @param openTasks how many open tasks were carried over to the next session
   * @param currentTaskId the current task, carried over too
   */
  record SessionEnded(
      UUID sessionId,
      @Nullable Instant startedAt,
      Instant endedAt,
      List<CompletedSummary> completed,
      List<FailedSummary> failed,
      List<MemoryEntry> decisions,
      int openTasks,
      @Nullable UUID currentTaskId)
      implements DomainEvent {
    public SessionEnded {
      completed = completed == null ? List.of() : List.copyOf(completed);
      failed = failed == null ? List.of() : List.copyOf(failed);
      decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }
  }
}
