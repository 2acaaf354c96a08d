package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerChild;
import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two child JVMs and this JVM create, start, complete and fail tasks in the same folder at the same
 * time: afterwards every acknowledged change is there, ids are unique, revisions are gap-free, and
 * every file parses.
 */
class ConcurrentProcessesIntegrationTests {

  private static final int PER_WRITER = 40;

  @TempDir Path tmp;

  @Test
  void concurrentWritersFromThreeProcessesLoseNothing() throws Exception {
    Path home = tmp.resolve("store");
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (String prefix : List.of("A", "B")) {
        children.add(
            ChildJvm.start(
                home, TrackerChild.class, "lifecycle", prefix, String.valueOf(PER_WRITER)));
      }
      List<String> local = new ArrayList<>();
      CompletableFuture<Void> mine =
          CompletableFuture.runAsync(
              () -> {
                try (TrackerContext ctx = TrackerContext.open(home)) {
                  for (int i = 0; i < PER_WRITER; i++) {
                    Task t = ctx.tracker().create(NewTask.named("T-" + i));
                    local.add("ACK create " + t.id());
                    ctx.tracker().start(t.id(), false);
                    if (i % 3 == 2) {
                      ctx.tracker().fail(t.id(), "planned failure " + i);
                      local.add("ACK fail " + t.id());
                    } else {
                      ctx.tracker().complete(t.id(), false);
                      local.add("ACK complete " + t.id());
                    }
                  }
                }
              });
      for (ChildJvm child : children) {
        assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.stderr()).isZero();
        assertThat(child.lines()).contains("DONE");
      }
      mine.get();

      List<String> acks = new ArrayList<>(local);
      children.forEach(c -> acks.addAll(c.lines()));
      Set<UUID> created = ids(acks, "ACK create ");
      Set<UUID> completed = ids(acks, "ACK complete ");
      Set<UUID> failed = ids(acks, "ACK fail ");
      assertThat(created).hasSize(3 * PER_WRITER);

      try (TrackerContext ctx = TrackerContext.open(home)) {
        TaskTracker tracker = ctx.tracker();
        assertThat(tracker.startupRecovery()).isEmpty();
        assertThat(tracker.openTasks()).isEmpty();
        for (UUID id : completed) {
          assertThat(tracker.get(id).status()).isEqualTo(TaskStatus.COMPLETED);
        }
        for (UUID id : failed) {
          assertThat(tracker.get(id).status()).isEqualTo(TaskStatus.FAILED);
        }
        Set<String> names = new HashSet<>();
        for (UUID id : created) {
          assertThat(names.add(tracker.get(id).name())).isTrue();
        }
        assertThat(tracker.archived(10_000, null)).hasSize(3 * PER_WRITER);

        // Revisions in the journal are exactly 1..N: no change was lost or written twice.
        List<String> journal = Files.readAllLines(home.resolve("tasks/journal.jsonl"));
        JournalRepository repo = ctx.bean(JournalRepository.class);
        for (int i = 0; i < journal.size(); i++) {
          assertThat(
                  repo.parse(journal.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                      .rev())
              .isEqualTo(i + 1);
        }
        assertThat(tracker.state().revision()).isEqualTo(journal.size());
      }
      try (Stream<Path> files = Files.walk(home)) {
        assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
      }
    } finally {
      children.forEach(ChildJvm::close);
    }
  }

  static Set<UUID> ids(List<String> lines, String prefix) {
    Set<UUID> ids = new HashSet<>();
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        ids.add(UUID.fromString(line.substring(prefix.length()).trim()));
      }
    }
    return ids;
  }
}
