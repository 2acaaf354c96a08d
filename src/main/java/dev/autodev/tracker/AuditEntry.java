package dev.autodev.tracker;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One line of a task's own audit trail: what happened to it, when, in which session and run.
 *
 * @param type what happened ({@code created}, {@code started}, {@code completed}, …)
 * @param from the status before, for transitions
 * @param to the status after, for transitions
 * @param detail free text: a failure reason, a decision, a file
 */
public record AuditEntry(
    Instant at,
    String type,
    @Nullable UUID sessionId,
    @Nullable UUID runId,
    @Nullable TaskStatus from,
    @Nullable TaskStatus to,
    @Nullable String detail) {}
