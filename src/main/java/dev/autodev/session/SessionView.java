package dev.autodev.session;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TaskRef;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TrackerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads the session as users and agents see it — the resume report, the open session, the ended
 * ones — from one consistent state. Read-only: session changes go through {@link TaskTracker}.
 */
@Component
public class SessionView {

  /** Most sessions {@code session list} shows at once. */
  static final int LIST_MAX = 1000;

  private final TaskTracker tracker;
  private final TaskPlanner planner;
  private final SessionLog sessions;
  private final Clock clock;

  SessionView(TaskTracker tracker, TaskPlanner planner, SessionLog sessions, Clock clock) {
    this.tracker = tracker;
    this.planner = planner;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** The resume report of the state as it is now. */
  public ResumeReport resume() {
    return resume(tracker.state());
  }

  /**
   * The resume report of a given state, for callers that read the state themselves. What is ready,
   * next and blocked, and the scope, come from the {@link TaskPlanner}, which reads the state
   * again: under concurrent writers those lists may be one change newer than the rest.
   */
  public ResumeReport resume(TrackerState s) {
    List<RunOutcome> recent = s.runs().recent();
    UUID thisRun = tracker.run().runId();
    Task current = s.currentTask();
    List<TaskRef> scope = planner.scope().scope();
    // The current task and the tasks above it are shown as such, not again as ready or blocked.
    Set<UUID> shown = new HashSet<>();
    if (current != null) {
      shown.add(current.id());
    }
    scope.forEach(t -> shown.add(t.id()));
    return new ResumeReport(
        s.sessionId(),
        s.sessionId() != null,
        s.startedAt(),
        s.lastActivityAt(),
        idleSeconds(s.lastActivityAt()),
        s.revision(),
        sessions.latest().orElse(null),
        recent.isEmpty() ? null : recent.get(recent.size() - 1),
        recent,
        s.runs().active().stream().filter(r -> !r.runId().equals(thisRun)).toList(),
        s.lastRecovery(),
        tracker.startupRecovery(),
        current,
        scope,
        s.tasks().values().stream()
            .filter(t -> t.status() == TaskStatus.IN_PROGRESS && !t.id().equals(s.currentTaskId()))
            .toList(),
        planner.next(),
        planner.ready().ready().stream().filter(e -> !shown.contains(e.task().id())).toList(),
        planner.blocked().blocked().stream().filter(e -> !shown.contains(e.task().id())).toList(),
        s.completedTasks(),
        s.failedTasks(),
        MemoryDigest.of(s.memory()));
  }

  /** The open session, or which one ended last when none is open. */
  SessionInfo show() {
    return info(tracker.state());
  }

  SessionInfo info(TrackerState s) {
    UUID id = s.sessionId();
    return new SessionInfo(
        id,
        id != null,
        s.startedAt(),
        s.lastActivityAt(),
        idleSeconds(s.lastActivityAt()),
        s.completedTasks(),
        s.failedTasks(),
        id == null
            ? List.of()
            : s.memory().keyDecisions().stream().filter(d -> id.equals(d.sessionId())).toList(),
        s.tasks().size(),
        s.currentTaskId(),
        id == null ? sessions.latest().orElse(null) : null);
  }

  /** The newest ended sessions, newest first. */
  SessionList list(int limit) {
    if (limit < 1 || limit > LIST_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + LIST_MAX);
    }
    return SessionList.of(sessions.newest(limit));
  }

  private @Nullable Long idleSeconds(@Nullable Instant last) {
    return last == null ? null : Math.max(0, Duration.between(last, clock.instant()).toSeconds());
  }
}
