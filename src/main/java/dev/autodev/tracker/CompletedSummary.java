package dev.autodev.tracker;

import java.time.Instant;
import java.util.UUID;

/** A task completed in the current session, as listed in current.json's completed_tasks. */
public record CompletedSummary(UUID id, String name, Instant completedAt, long durationSeconds) {}
