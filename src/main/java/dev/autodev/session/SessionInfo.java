package dev.autodev.session;

import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.SessionRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The open session, as {@code session show --json} and GET /api/session give it; when none is open,
 * {@code open} is false and {@code lastEnded} says which one ended last.
 *
 * @param decisions the key decisions recorded in the memory during this session
 * @param openTasks how many tasks are open (they carry over when the session ends)
 */
public record SessionInfo(
    @Nullable UUID sessionId,
    boolean open,
    @Nullable Instant startedAt,
    @Nullable Instant lastActivityAt,
    @Nullable Long idleSeconds,
    List<CompletedSummary> completed,
    List<FailedSummary> failed,
    List<MemoryEntry> decisions,
    int openTasks,
    @Nullable UUID currentTaskId,
    @Nullable SessionRecord lastEnded) {}
