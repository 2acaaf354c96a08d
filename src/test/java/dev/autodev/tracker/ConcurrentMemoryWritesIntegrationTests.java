package dev.autodev.tracker;

import static dev.autodev.support.MemoryFiles.assertMirrorEqualsMemoryJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.ChildJvm;
import dev.autodev.support.MemoryChild;
import dev.autodev.support.TrackerContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes record decisions and facts in the same memory at the same time: every acknowledged
 * entry of both is there afterwards, and memory.json and its mirror agree.
 */
class ConcurrentMemoryWritesIntegrationTests {

  private static final int PER_WRITER = 15;

  @TempDir Path tmp;

  @Test
  void concurrentMemoryWritesFromTwoProcessesKeepBoth() throws Exception {
    Path home = tmp.resolve("store");
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (String prefix : List.of("A", "B")) {
        children.add(ChildJvm.start(home, MemoryChild.class, prefix, String.valueOf(PER_WRITER)));
      }
      for (ChildJvm child : children) {
        assertThat(child.nextLine(Duration.ofMinutes(1))).startsWith("READY");
      }
      children.forEach(c -> c.send("GO"));
      List<String> acks = new ArrayList<>();
      for (ChildJvm child : children) {
        assertThat(child.waitFor(Duration.ofMinutes(2))).as(child.stderr()).isZero();
        assertThat(child.lines()).contains("DONE");
        acks.addAll(child.lines());
      }
      Set<java.util.UUID> decided = ConcurrentProcessesIntegrationTests.ids(acks, "ACK decide ");
      List<String> facts =
          acks.stream()
              .filter(l -> l.startsWith("ACK fact "))
              .map(l -> l.substring("ACK fact ".length()))
              .toList();
      assertThat(decided).hasSize(2 * PER_WRITER);
      assertThat(facts).hasSize(2 * PER_WRITER);

      try (TrackerContext ctx = TrackerContext.open(home)) {
        Memory memory = ctx.tracker().memory();
        assertThat(ctx.tracker().startupRecovery()).isEmpty();
        assertThat(memory.keyDecisions())
            .extracting(MemoryEntry::id)
            .containsExactlyInAnyOrderElementsOf(decided);
        assertThat(memory.facts().keySet()).containsExactlyInAnyOrderElementsOf(facts);
        assertThat(memory.keyDecisions())
            .extracting(MemoryEntry::text)
            .contains("A decision 0", "B decision " + (PER_WRITER - 1));
        long journalLines =
            Files.readAllLines(home.resolve("tasks/journal.jsonl"), StandardCharsets.UTF_8).size();
        assertThat(ctx.tracker().state().revision()).isEqualTo(journalLines);
      }
      assertMirrorEqualsMemoryJson(home);
    } finally {
      children.forEach(ChildJvm::close);
    }
  }
}
