package dev.autodev.tracker;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How a run ended: {@code clean} when it exited gracefully, {@code cut_off} when it was killed and
 * a later start found it dead.
 */
public record RunOutcome(
    UUID runId,
    long pid,
    String mode,
    Instant startedAt,
    Instant endedAt,
    String outcome,
    @Nullable Instant lastChangeAt) {

  public static final String CLEAN = "clean";
  public static final String CUT_OFF = "cut_off";
}
