package dev.autodev.session;

import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.RecoveryNote;
import dev.autodev.tracker.RunInfo;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.SessionRecord;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * "Where was I?" in one document: the session and how long ago it was last active, how the last run
 * ended and what recovery restored, the current task with its context and the tasks above it, what
 * is in progress, what is ready next and what is blocked, this session's outcomes, and the latest
 * decisions and patterns from the memory. The same document for {@code task resume --json} and GET
 * /api/session/resume.
 *
 * @param sessionOpen false after {@code session end} until the next change opens a new session
 * @param idleSeconds seconds since the last change a user made, null when nothing happened yet
 * @param lastEndedSession the most recently ended session, from history/sessions.jsonl
 * @param lastRun the most recently ended run (process): {@code clean}, or {@code cut_off}
 * @param otherActiveRuns runs of other processes that are working on the same folder now
 * @param lastRecovery what the last automatic recovery found and did, kept in current.json
 * @param recoveredAtThisStart what the recovery did when this process started
 * @param scope the current task's open parents, nearest first
 * @param ready pending tasks whose dependencies are all completed, best first (the current task and
 *     its scope are not repeated here)
 * @param blocked pending tasks still waiting for a dependency
 */
public record ResumeReport(
    @Nullable UUID sessionId,
    boolean sessionOpen,
    @Nullable Instant sessionStartedAt,
    @Nullable Instant lastActivityAt,
    @Nullable Long idleSeconds,
    long revision,
    @Nullable SessionRecord lastEndedSession,
    @Nullable RunOutcome lastRun,
    List<RunOutcome> recentRuns,
    List<RunInfo> otherActiveRuns,
    @Nullable RecoveryNote lastRecovery,
    List<String> recoveredAtThisStart,
    @Nullable Task currentTask,
    List<TaskRef> scope,
    List<Task> inProgress,
    NextTask next,
    List<ReadyTasks.Entry> ready,
    List<BlockedTasks.Entry> blocked,
    List<CompletedSummary> completedThisSession,
    List<FailedSummary> failedThisSession,
    MemoryDigest memory) {}
