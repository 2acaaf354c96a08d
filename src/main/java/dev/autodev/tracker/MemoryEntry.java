package dev.autodev.tracker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A decision or learned pattern, with when and where it was recorded. */
public record MemoryEntry(
    UUID id,
    String text,
    Instant at,
    @Nullable UUID sessionId,
    @Nullable UUID taskId,
    List<String> tags) {

  public MemoryEntry {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
