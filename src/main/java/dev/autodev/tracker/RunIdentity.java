package dev.autodev.tracker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This process as a run: a fresh id, its pid and start time (so a reused pid is not mistaken for
 * it), the host, and how it was started (one-shot, shell or serve).
 */
@Component
public class RunIdentity {

  private final UUID runId = UUID.randomUUID();
  private final long pid = ProcessHandle.current().pid();
  private final @Nullable Instant processStart =
      ProcessHandle.current().info().startInstant().orElse(null);
  private final String host = hostName();
  private final String mode;

  public RunIdentity(@Value("${autodev.run-mode:embedded}") String mode) {
    this.mode = mode;
  }

  public UUID runId() {
    return runId;
  }

  public long pid() {
    return pid;
  }

  public String mode() {
    return mode;
  }

  RunInfo info(Instant now) {
    return new RunInfo(runId, pid, processStart, host, mode, now, now);
  }

  /**
   * Whether a recorded run's process is still alive. A run of another host cannot be checked and
   * counts as alive; a live pid with a different start time is a reused pid, so the run is dead.
   */
  boolean isAlive(RunInfo run) {
    if (!run.host().equals(host)) {
      return true;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(run.pid());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Instant start = handle.get().info().startInstant().orElse(null);
    if (start == null || run.processStart() == null) {
      return true;
    }
    return Duration.between(start, run.processStart()).abs().toMillis() < 1000;
  }

  private static String hostName() {
    try {
      Path proc = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(proc)) {
        return Files.readString(proc, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      // fall through to the environment
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env;
  }
}
