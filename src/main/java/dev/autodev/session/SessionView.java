package dev.autodev.session;

import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TrackerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
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
  private final SessionLog sessions;
  private final Clock clock;

  SessionView(TaskTracker tracker, SessionLog sessions, Clock clock) {
    this.tracker = tracker;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** The resume report of the state as it is now. */
  public ResumeReport resume() {
    return resume(tracker.state());
  }

  /** The resume report of a given state, for callers that read the state themselves. */
  public ResumeReport resume(TrackerState s) {
    List<RunOutcome> recent = s.runs().recent();
    UUID thisRun = tracker.run().runId();
    List<Task> open = List.copyOf(s.tasks().values());
    Task current = s.currentTask();
    List<Task> scope = scope(s, current);
    // The current task and the tasks above it are shown as such, not again as ready or blocked.
    Set<UUID> shown = new HashSet<>();
    if (current != null) {
      shown.add(current.id());
    }
    scope.forEach(t -> shown.add(t.id()));
    List<Task> ready =
        readyNext(s, tracker::find).stream().filter(t -> !shown.contains(t.id())).toList();
    Set<UUID> notBlocked = new HashSet<>(shown);
    ready.forEach(t -> notBlocked.add(t.id()));
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
        open.stream()
            .filter(t -> t.status() == TaskStatus.IN_PROGRESS && !t.id().equals(s.currentTaskId()))
            .toList(),
        ready,
        open.stream()
            .filter(t -> t.status() == TaskStatus.PENDING && !notBlocked.contains(t.id()))
            .toList(),
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

  /**
   * Pending tasks that can start now — every dependency completed — highest priority first, then in
   * creation order. A dependency counts as completed when it is no longer open and its latest
   * record says completed (failed and unknown ones block). Kept in this one method so it can switch
   * to the task graph's own ready computation when that exists.
   */
  static List<Task> readyNext(TrackerState s, Function<UUID, Optional<Task>> find) {
    Set<UUID> completedHere = new HashSet<>();
    s.completedTasks().stream().map(CompletedSummary::id).forEach(completedHere::add);
    Set<UUID> failedHere = new HashSet<>();
    s.failedTasks().stream().map(FailedSummary::id).forEach(failedHere::add);
    Map<UUID, Boolean> completed = new HashMap<>();
    Function<UUID, Boolean> isCompleted =
        dep -> {
          if (s.task(dep) != null || failedHere.contains(dep)) {
            return false;
          }
          return completedHere.contains(dep)
              || find.apply(dep).map(t -> t.status() == TaskStatus.COMPLETED).orElse(false);
        };
    List<Task> ready = new ArrayList<>();
    for (Task t : s.tasks().values()) {
      if (t.status() == TaskStatus.PENDING
          && t.dependsOn().stream().allMatch(d -> completed.computeIfAbsent(d, isCompleted))) {
        ready.add(t);
      }
    }
    // A stable sort keeps creation order within a priority.
    ready.sort(Comparator.comparing(Task::priority).reversed());
    return List.copyOf(ready);
  }

  private static List<Task> scope(TrackerState s, @Nullable Task current) {
    List<Task> parents = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    UUID parent = current == null ? null : current.parentId();
    while (parent != null && seen.add(parent)) {
      Task p = s.task(parent);
      if (p == null) {
        break;
      }
      parents.add(p);
      parent = p.parentId();
    }
    return List.copyOf(parents);
  }

  private @Nullable Long idleSeconds(@Nullable Instant last) {
    return last == null ? null : Math.max(0, Duration.between(last, clock.instant()).toSeconds());
  }
}
