package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Context updates (files, decisions, notes) are saved one by one: a child JVM records them as fast
 * as it can and is killed with SIGKILL the moment it acknowledges one. The next start finds every
 * acknowledged update in the task's context and in its audit trail.
 */
class ContextKillIntegrationTests {

  private static final int TRIALS = Integer.getInteger("autodev.test.context-kill-trials", 2);

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedContextUpdateSurvivesSigkill() throws Exception {
    Path home = tmp.resolve("store");
    Random random = new Random(Long.getLong("autodev.test.seed", System.nanoTime()));
    for (int trial = 0; trial < TRIALS; trial++) {
      UUID taskId;
      List<String> acked = new ArrayList<>();
      try (ChildJvm child = ChildJvm.start(home, ContextWriterChild.class, "c" + trial)) {
        String ready = child.nextLine(Duration.ofMinutes(1));
        assertThat(ready).startsWith("READY ");
        taskId = UUID.fromString(ready.substring(6));
        int acksBeforeKill = 1 + random.nextInt(30);
        for (int i = 0; i < acksBeforeKill; i++) {
          assertThat(child.nextLine(Duration.ofMinutes(1))).startsWith("ACK ");
        }
        child.kill();
        // Every ACK the child printed before it died counts, including any after the one we saw.
        for (String line : child.lines()) {
          if (line.startsWith("ACK ")) {
            acked.add(line);
          }
        }
      }

      try (TrackerContext ctx = TrackerContext.open(home)) {
        Task task = ctx.tracker().get(taskId);
        List<String> recorded = new ArrayList<>();
        TaskContext c = task.context();
        c.filesModified().forEach(v -> recorded.add("ACK file " + v));
        c.decisions().forEach(v -> recorded.add("ACK decision " + v));
        c.notes().forEach(v -> recorded.add("ACK note " + v));
        assertThat(recorded).as("trial %d", trial).containsAll(acked);
        List<String> trail =
            task.events().stream()
                .filter(e -> e.type().startsWith("context_"))
                .map(e -> "ACK " + e.type().substring(8) + " " + e.detail())
                .toList();
        assertThat(trail)
            .as("each update is in the trail, in order")
            .startsWith(acked.toArray(String[]::new));
        assertThat(ctx.tracker().state().currentTaskId()).isEqualTo(taskId);
      }
    }
  }
}
