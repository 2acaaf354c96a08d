package dev.autodev.session;

import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.RecoveryNote;
import dev.autodev.tracker.RunInfo;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TrackerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * "Where was I?" in one document: the session, how the last run ended and what recovery did, the
 * current task with its context, what is in progress and pending, and this session's outcomes. The
 * same document for {@code task resume --json} and GET /api/session/resume.
 *
 * @param lastRun the most recently ended run other than this one: clean, or cut off
 * @param otherActiveRuns runs of other processes that are working on the same folder now
 * @param idleSeconds seconds since the last change, null when nothing happened yet
 */
public record ResumeReport(
    @Nullable UUID sessionId,
    @Nullable Instant sessionStartedAt,
    @Nullable Instant lastActivityAt,
    @Nullable Long idleSeconds,
    long revision,
    @Nullable RunOutcome lastRun,
    List<RunOutcome> recentRuns,
    List<RunInfo> otherActiveRuns,
    @Nullable RecoveryNote lastRecovery,
    List<String> recoveredAtThisStart,
    @Nullable Task currentTask,
    List<Task> inProgress,
    List<Task> pending,
    List<CompletedSummary> completedThisSession,
    List<FailedSummary> failedThisSession) {

  static ResumeReport of(TrackerState s, UUID thisRun, List<String> recoveredNow, Instant now) {
    List<RunOutcome> recent = s.runs().recent();
    RunOutcome last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
    List<Task> open = List.copyOf(s.tasks().values());
    return new ResumeReport(
        s.sessionId(),
        s.startedAt(),
        s.lastActivityAt(),
        s.lastActivityAt() == null
            ? null
            : Math.max(0, Duration.between(s.lastActivityAt(), now).toSeconds()),
        s.revision(),
        last,
        recent,
        s.runs().active().stream().filter(r -> !r.runId().equals(thisRun)).toList(),
        s.lastRecovery(),
        recoveredNow,
        s.currentTask(),
        open.stream().filter(t -> t.status() == TaskStatus.IN_PROGRESS).toList(),
        open.stream().filter(t -> t.status() == TaskStatus.PENDING).toList(),
        s.completedTasks(),
        s.failedTasks());
  }
}
