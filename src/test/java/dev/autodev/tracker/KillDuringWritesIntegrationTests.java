package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerChild;
import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes as fast as it can and is killed with SIGKILL at a random moment, again and
 * again on the same folder. After every kill the next start loads cleanly, reports the run as cut
 * off, and holds every change the child had acknowledged.
 */
class KillDuringWritesIntegrationTests {

  private static final int TRIALS = Integer.getInteger("autodev.test.kill-trials", 20);

  @TempDir Path tmp;

  @Test
  void noAcknowledgedChangeIsLostToSigkill() throws Exception {
    Path home = tmp.resolve("store");
    Random random = new Random(Long.getLong("autodev.test.seed", System.nanoTime()));
    Set<UUID> acknowledged = new HashSet<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      String script = trial % 2 == 0 ? "create" : "lifecycle";
      try (ChildJvm child =
          ChildJvm.start(home, TrackerChild.class, script, "k" + trial, "1000000")) {
        assertThat(child.nextLine(Duration.ofMinutes(1))).startsWith("READY");
        int acksBeforeKill = 1 + random.nextInt(40);
        for (int i = 0; i < acksBeforeKill; i++) {
          child.nextLine(Duration.ofMinutes(1));
        }
        child.kill();
        acknowledged.addAll(ConcurrentProcessesIntegrationTests.ids(child.lines(), "ACK create "));
        Set<UUID> completed =
            ConcurrentProcessesIntegrationTests.ids(child.lines(), "ACK complete ");

        try (TrackerContext ctx = TrackerContext.open(home)) {
          TaskTracker tracker = ctx.tracker();
          for (UUID id : acknowledged) {
            assertThat(tracker.find(id)).as("trial %d, task %s", trial, id).isPresent();
          }
          for (UUID id : completed) {
            assertThat(tracker.get(id).status()).isEqualTo(TaskStatus.COMPLETED);
          }
          List<RunOutcome> recent = tracker.state().runs().recent();
          assertThat(recent)
              .as("the killed run is reported as cut off")
              .anySatisfy(
                  r -> {
                    assertThat(r.pid()).isEqualTo(child.pid());
                    assertThat(r.outcome()).isEqualTo(RunOutcome.CUT_OFF);
                  });
        }
      }
    }
    // After all the kills, one more start has nothing left to repair and no temp files remain.
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
    }
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
  }
}
