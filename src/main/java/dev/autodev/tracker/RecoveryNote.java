package dev.autodev.tracker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the automatic recovery at a start found and did, kept for {@code task resume}. */
public record RecoveryNote(Instant at, UUID runId, List<String> actions) {

  public RecoveryNote {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
