package dev.autodev.tracker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change that {@link TaskTracker} has applied in memory but not yet acknowledged: published
 * inside the store lock so the {@link AutoSaveListener} can make it durable, synchronously, before
 * anyone hears it happened.
 *
 * @param archived tasks that reached completed or failed and leave the open set for history
 * @param rewriteMemory write memory.json even though the memory did not change (recovery found it
 *     missing or damaged)
 * @param receipt confirmed by the listener once the change is durable; a change nobody confirmed is
 *     never acknowledged
 */
public record PendingChange(
    long revision,
    Instant at,
    UUID runId,
    List<DomainEvent> events,
    TrackerState before,
    TrackerState after,
    List<Task> archived,
    boolean rewriteMemory,
    SaveReceipt receipt) {

  public PendingChange {
    events = List.copyOf(events);
    archived = List.copyOf(archived);
  }
}
