package dev.autodev.tracker;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A process that has changed the store and not yet ended. Recorded with its first change, so a
 * process killed later is found at the next start by its pid and process start time.
 */
public record RunInfo(
    UUID runId,
    long pid,
    @Nullable Instant processStart,
    String host,
    String mode,
    Instant startedAt,
    @Nullable Instant lastChangeAt) {}
