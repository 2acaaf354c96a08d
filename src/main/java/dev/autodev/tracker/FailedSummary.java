package dev.autodev.tracker;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task that failed in the current session and can be retried: its full record is in history, this
 * summary keeps it in sight.
 */
public record FailedSummary(
    UUID id, String name, Instant failedAt, @Nullable String reason, int attempts) {}
