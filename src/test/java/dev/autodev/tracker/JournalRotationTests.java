package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.StoreException;
import dev.autodev.support.Await;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.FaultyFileSystem;
import dev.autodev.support.TrackerChild;
import dev.autodev.support.TrackerContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * journal.jsonl rotates into history/ without ever losing an entry or the ability to rebuild the
 * state from the journal alone: checked step by step, with a fault between the two steps, and with
 * a writer killed by SIGKILL while rotations happen.
 */
class JournalRotationTests {

  @TempDir Path home;

  private Path tasks() {
    return home.resolve("tasks");
  }

  /** Revisions on disk: every rotated segment, oldest first, then journal.jsonl. */
  private List<Long> revisionsOnDisk(TrackerContext ctx) throws Exception {
    JournalRepository journal = ctx.bean(JournalRepository.class);
    List<Long> revs = new ArrayList<>();
    for (JournalArchive.Rotated r : ctx.bean(JournalArchive.class).segments()) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(r.path()))) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
          revs.add(journal.parse(line.getBytes(StandardCharsets.UTF_8)).rev());
        }
      }
    }
    for (String line : Files.readAllLines(tasks().resolve("journal.jsonl"))) {
      revs.add(journal.parse(line.getBytes(StandardCharsets.UTF_8)).rev());
    }
    return revs;
  }

  private static void work(TaskTracker tracker, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Task t = tracker.create(NewTask.named(prefix + " " + i));
      tracker.start(t.id(), false);
      if (i % 3 == 0) {
        tracker.fail(t.id(), "reason " + i);
      } else if (i % 3 == 1) {
        tracker.complete(t.id(), false);
      }
    }
  }

  private static List<Long> oneTo(long n) {
    List<Long> list = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      list.add(i);
    }
    return list;
  }

  @Test
  void oldEntriesMoveToHistoryAndTheStateCanStillBeRebuiltFromTheJournalAlone() throws Exception {
    TrackerState before;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      work(ctx.tracker(), "first", 10);
      long size = Files.size(tasks().resolve("journal.jsonl"));
      Path segment = ctx.bean(JournalRotation.class).rotate().orElseThrow();
      assertThat(segment.getFileName().toString())
          .matches("journal-000000000001-\\d{12}\\.jsonl\\.gz");
      assertThat(Files.size(tasks().resolve("journal.jsonl"))).isLessThan(size / 5);

      work(ctx.tracker(), "second", 10);
      assertThat(ctx.bean(JournalRotation.class).rotate()).isPresent();
      assertThat(ctx.bean(JournalArchive.class).segments()).hasSize(2);
      before = ctx.tracker().state();
      // Every revision exactly once, consecutive from 1: the audit trail never shrinks.
      assertThat(revisionsOnDisk(ctx)).isEqualTo(oneTo(before.revision()));
    }
    // Both snapshots gone: rebuild from the rotated segments, then journal.jsonl.
    Files.delete(tasks().resolve("current.json"));
    Files.delete(tasks().resolve("current.json.bak"));
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("rotated journal entries"));
      TrackerState after = ctx.tracker().state();
      assertThat(after.tasks().keySet()).isEqualTo(before.tasks().keySet());
      assertThat(after.tasks().values()).containsExactlyElementsOf(before.tasks().values());
      assertThat(after.failedTasks()).isEqualTo(before.failedTasks());
    }
  }

  @Test
  void aCrashBetweenWritingTheSegmentAndShorteningTheJournalLosesAndDoublesNothing()
      throws Exception {
    FaultyFileSystem faulty = new FaultyFileSystem();
    long revision;
    try (TrackerContext ctx = TrackerContext.open(home, faulty)) {
      work(ctx.tracker(), "task", 12);
      byte[] journal = Files.readAllBytes(tasks().resolve("journal.jsonl"));
      faulty.failNth(
          FaultyFileSystem.Op.RENAME, 1, p -> p.getFileName().toString().equals("journal.jsonl"));
      assertThatThrownBy(() -> ctx.bean(JournalRotation.class).rotate())
          .isInstanceOf(StoreException.class);
      faulty.disarm();
      // The segment was written; journal.jsonl is untouched: the entries are in both places.
      assertThat(ctx.bean(JournalArchive.class).segments()).hasSize(1);
      assertThat(Files.readAllBytes(tasks().resolve("journal.jsonl"))).isEqualTo(journal);
      revision = ctx.tracker().state().revision();
    }
    Files.delete(tasks().resolve("current.json"));
    Files.delete(tasks().resolve("current.json.bak"));
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().state().revision()).isGreaterThanOrEqualTo(revision);
      // The next rotation drops the doubled entries from the journal and writes no second copy.
      ctx.tracker().create(NewTask.named("one more"));
      assertThat(ctx.bean(JournalRotation.class).rotate()).as("only the new entry").isPresent();
      List<Long> revs = revisionsOnDisk(ctx);
      assertThat(revs).isEqualTo(oneTo(ctx.tracker().state().revision()));
    }
  }

  @Test
  void rotationRunsByItselfOnceTheJournalOutgrowsItsLimit() throws Exception {
    try (TrackerContext ctx =
        TrackerContext.open(home, Map.of("autodev.journal.rotate-size", "4KB"))) {
      work(ctx.tracker(), "busy", 12);
      JournalArchive rotated = ctx.bean(JournalArchive.class);
      Await.until(
          Duration.ofSeconds(20), "a rotated journal segment", () -> !rotated.segments().isEmpty());
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(revisionsOnDisk(ctx)).isEqualTo(oneTo(ctx.tracker().state().revision()));
    }
  }

  @Test
  void sigkillWhileTheJournalRotatesLosesNoAcknowledgedChange() throws Exception {
    Path store = home.resolve("store");
    Random random = new Random(Long.getLong("autodev.test.seed", System.nanoTime()));
    Set<UUID> created = new HashSet<>();
    Set<UUID> completed = new HashSet<>();
    for (int trial = 0; trial < 4; trial++) {
      try (ChildJvm child =
          ChildJvm.start(
              store,
              List.of("-Dautodev.journal.rotate-size=6KB"),
              TrackerChild.class.getName(),
              "lifecycle",
              "r" + trial,
              "1000000")) {
        assertThat(child.nextLine(Duration.ofMinutes(1))).startsWith("READY");
        int acks = 20 + random.nextInt(60);
        for (int i = 0; i < acks; i++) {
          child.nextLine(Duration.ofMinutes(1));
        }
        child.kill();
        for (String line : child.lines()) {
          if (line.startsWith("ACK create ")) {
            created.add(UUID.fromString(line.substring(11)));
          } else if (line.startsWith("ACK complete ")) {
            completed.add(UUID.fromString(line.substring(13)));
          }
        }
      }
      try (TrackerContext ctx = TrackerContext.open(store)) {
        for (UUID id : created) {
          assertThat(ctx.tracker().find(id)).as("trial %d, task %s", trial, id).isPresent();
        }
      }
    }
    try (TrackerContext ctx = TrackerContext.open(store)) {
      assertThat(ctx.bean(JournalArchive.class).segments()).as("rotations happened").isNotEmpty();
    }
    // Rebuilding from the journal alone still gives every acknowledged change.
    Files.delete(store.resolve("tasks/current.json"));
    Files.deleteIfExists(store.resolve("tasks/current.json.bak"));
    try (TrackerContext ctx = TrackerContext.open(store)) {
      for (UUID id : created) {
        assertThat(ctx.tracker().find(id)).isPresent();
      }
      for (UUID id : completed) {
        assertThat(ctx.tracker().get(id).status()).isEqualTo(TaskStatus.COMPLETED);
      }
    }
  }
}
