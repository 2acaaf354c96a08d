package dev.autodev.tracker;

import dev.autodev.tracker.DomainEvent.SessionEnded;
import dev.autodev.tracker.TaskTracker.Operation;
import dev.autodev.tracker.TaskTracker.Step;
import java.util.List;
import java.util.UUID;

/**
 * Starting and ending a session as tracker operations.
 *
 * <p>{@code session end} closes the session and leaves none open: the open tasks and the current
 * task stay exactly where they are, this session's completed and failed summaries are cleared (they
 * move into the session's line in history/sessions.jsonl), and the next session starts clean with
 * the next change or an explicit {@code session start}. Not opening the next session at once keeps
 * its start time and its idle time true: work resumed on Monday does not belong to a session that
 * began on Friday evening.
 */
final class SessionOperations {

  private SessionOperations() {}

  /**
   * Opens a session now, before any other change. The tracker opens it (and journals {@code
   * session_started}) because none is open; this operation only refuses when one already is.
   */
  static Operation<UUID> start() {
    return ctx -> {
      TrackerState s = ctx.state();
      if (s.sessionId() != null) {
        throw new SessionStateException(
            "session "
                + s.sessionId()
                + " is already open (started "
                + s.startedAt()
                + "); end it first with 'session end'");
      }
      return new Step<>(s, List.of(), List.of(), ctx.sessionId());
    };
  }

  /** Ends the open session, summarising it; the summary goes to history/sessions.jsonl. */
  static Operation<SessionRecord> end() {
    return ctx -> {
      TrackerState s = ctx.state();
      UUID id = s.sessionId();
      if (id == null) {
        throw new SessionStateException(
            "no session is open, so there is none to end; one starts with the next change or"
                + " 'session start'");
      }
      List<MemoryEntry> decisions =
          s.memory().keyDecisions().stream().filter(d -> id.equals(d.sessionId())).toList();
      SessionEnded ended =
          new SessionEnded(
              id,
              s.startedAt(),
              ctx.now(),
              s.completedTasks(),
              s.failedTasks(),
              decisions,
              s.tasks().size(),
              s.currentTaskId());
      TrackerState next =
          s.withSession(null, null).withCompletedTasks(List.of()).withFailedTasks(List.of());
      // The change that ends the session gets the next revision, which its log line records.
      return new Step<>(next, List.of(ended), List.of(), SessionRecord.of(ended, s.revision() + 1));
    };
  }
}
