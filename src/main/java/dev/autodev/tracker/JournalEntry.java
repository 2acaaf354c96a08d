package dev.autodev.tracker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One line of journal.jsonl: a committed change, its domain events (the audit trail) and the redo
 * delta that rebuilds the state after it.
 */
public record JournalEntry(
    int schemaVersion,
    long rev,
    Instant at,
    @Nullable UUID sessionId,
    UUID runId,
    List<DomainEvent> events,
    StateDelta delta) {

  public static final int SCHEMA_VERSION = 1;

  public JournalEntry {
    events = events == null ? List.of() : List.copyOf(events);
  }

  static JournalEntry of(PendingChange change) {
    return new JournalEntry(
        SCHEMA_VERSION,
        change.revision(),
        change.at(),
        change.after().sessionId(),
        change.runId(),
        change.events(),
        StateDelta.between(change.before(), change.after(), change.archived()));
  }
}
