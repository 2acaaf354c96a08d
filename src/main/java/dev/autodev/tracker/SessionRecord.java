package dev.autodev.tracker;

import dev.autodev.tracker.DomainEvent.SessionEnded;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One line of history/sessions.jsonl: the summary of an ended session — when it ran, the tasks it
 * completed and failed, the key decisions recorded in it — and the revision of the change that
 * ended it, by which recovery tells whether the line was written.
 *
 * @param endedRevision the revision of the {@code session end} change
 * @param openTasks how many open tasks were carried over to the next session
 * @param currentTaskId the current task when the session ended, carried over too
 */
public record SessionRecord(
    int schemaVersion,
    long endedRevision,
    UUID sessionId,
    @Nullable Instant startedAt,
    Instant endedAt,
    List<CompletedSummary> completed,
    List<FailedSummary> failed,
    List<MemoryEntry> decisions,
    int openTasks,
    @Nullable UUID currentTaskId) {

  public static final int SCHEMA_VERSION = 1;

  public SessionRecord {
    completed = completed == null ? List.of() : List.copyOf(completed);
    failed = failed == null ? List.of() : List.copyOf(failed);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  static SessionRecord of(SessionEnded e, long revision) {
    return new SessionRecord(
        SCHEMA_VERSION,
        revision,
        e.sessionId(),
        e.startedAt(),
        e.endedAt(),
        e.completed(),
        e.failed(),
        e.decisions(),
        e.openTasks(),
        e.currentTaskId());
  }

  /** The session-end events of a change, as the records they append. */
  static List<SessionRecord> of(List<DomainEvent> events, long revision) {
    return events.stream()
        .filter(SessionEnded.class::isInstance)
        .map(e -> of((SessionEnded) e, revision))
        .toList();
  }
}
