package dev.autodev.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One search result: a decision or pattern (with its id, time, task and tags), a fact (with its
 * key), or the project type.
 *
 * @param kind {@code decision}, {@code pattern}, {@code fact} or {@code project_type}
 */
record MemoryHit(
    String kind,
    @Nullable UUID id,
    @Nullable String key,
    String text,
    @Nullable Instant at,
    @Nullable UUID taskId,
    List<String> tags) {}
