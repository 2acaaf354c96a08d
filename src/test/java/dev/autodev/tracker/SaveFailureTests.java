package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.support.FaultyFileSystem;
import dev.autodev.support.FaultyFileSystem.Op;
import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A save that fails at any step leaves the previous files intact, tells the caller, turns health
 * DOWN, leaves no temp file, and the next good save brings health back.
 */
class SaveFailureTests {

  @TempDir Path home;

  @ParameterizedTest
  @EnumSource(Op.class)
  void aFailedStepLeavesEverythingAsItWas(Op op) throws Exception {
    FaultyFileSystem fs = new FaultyFileSystem();
    try (TrackerContext ctx = TrackerContext.open(home, fs)) {
      TaskTracker tracker = ctx.tracker();
      Task kept = tracker.create(NewTask.named("kept"));
      tracker.start(kept.id(), false);
      byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));
      byte[] journal = Files.readAllBytes(home.resolve("tasks/journal.jsonl"));
      long revision = tracker.state().revision();

      fs.failNth(op, 1, p -> true).shortWrites();
      assertThatThrownBy(() -> tracker.complete(kept.id(), false))
          .isInstanceOf(StoreException.class);

      assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isEqualTo(current);
      assertThat(Files.readAllBytes(home.resolve("tasks/journal.jsonl"))).isEqualTo(journal);
      assertThat(tracker.state().revision()).isEqualTo(revision);
      assertThat(tracker.get(kept.id()).status()).isEqualTo(TaskStatus.IN_PROGRESS);
      assertThat(ctx.health().lastSaveOk()).isFalse();
      assertNoTempFiles();
      assertThat(historyLines()).isZero();

      fs.disarm();
      tracker.complete(kept.id(), false);
      assertThat(ctx.health().lastSaveOk()).isTrue();
      assertThat(historyLines()).isEqualTo(1);
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
      assertThat(ctx.tracker().openTasks()).isEmpty();
    }
  }

  /**
   * A decision writes the journal, memory.json and current.json: fail the Nth write, fsync, rename
   * or folder sync of that one save (a short write where it writes), and nothing may change.
   */
  @ParameterizedTest(name = "{0} #{1}")
  @CsvSource({
    "WRITE,1",
    "WRITE,2",
    "WRITE,3",
    "FSYNC,1",
    "FSYNC,2",
    "FSYNC,3",
    "RENAME,1",
    "RENAME,2",
    "SYNC_DIR,1",
    "SYNC_DIR,2"
  })
  void theNthStepOfASaveThatWritesEveryFileFailsAndNothingChanges(Op op, int nth) throws Exception {
    FaultyFileSystem fs = new FaultyFileSystem();
    try (TrackerContext ctx = TrackerContext.open(home, fs)) {
      TaskTracker tracker = ctx.tracker();
      tracker.create(NewTask.named("kept"));
      tracker.decide("first decision", null, List.of());
      Map<String, String> before = snapshotFiles();
      Memory memory = tracker.memory();

      fs.failNth(op, nth, p -> true).shortWrites();
      assertThatThrownBy(() -> tracker.decide("second decision", null, List.of()))
          .isInstanceOf(StoreException.class);

      // Every file is as it was. A .bak may now hold the same version as its file (the backup
      // link is made before the step that failed): it is still the previous good version.
      Map<String, String> after = snapshotFiles();
      before.forEach(
          (name, sum) -> {
            if (name.endsWith(".bak")) {
              String main = name.substring(0, name.length() - 4);
              assertThat(after.get(name)).as(name).isIn(sum, before.get(main));
            } else {
              assertThat(after.get(name)).as(name).isEqualTo(sum);
            }
          });
      after.forEach(
          (name, sum) -> {
            if (!before.containsKey(name)) {
              assertThat(name).endsWith(".bak");
              assertThat(sum).isEqualTo(before.get(name.substring(0, name.length() - 4)));
            }
          });
      assertThat(tracker.memory()).isEqualTo(memory);
      assertThat(ctx.health().lastSaveOk()).isFalse();
      assertNoTempFiles();

      fs.disarm();
      tracker.decide("second decision", null, List.of());
      assertThat(ctx.health().lastSaveOk()).isTrue();
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
      assertThat(ctx.tracker().memory().keyDecisions()).hasSize(2);
      assertThat(ctx.bean(StoreCheck.class).verify().clean()).isTrue();
    }
  }

  @Test
  void aPersistentFailureKeepsHealthDownUntilASaveSucceeds() throws Exception {
    FaultyFileSystem fs = new FaultyFileSystem();
    try (TrackerContext ctx = TrackerContext.open(home, fs)) {
      TaskTracker tracker = ctx.tracker();
      tracker.create(NewTask.named("kept"));
      Map<String, String> before = snapshotFiles();
      fs.failAlways(Op.FSYNC, p -> true).withMessage("Input/output error");
      for (int i = 0; i < 3; i++) {
        int n = i;
        assertThatThrownBy(() -> tracker.create(NewTask.named("lost " + n)))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("Input/output error");
        assertThat(ctx.health().lastSaveOk()).isFalse();
        assertThat(ctx.health().lastFailure()).contains("Input/output error");
      }
      assertThat(snapshotFiles()).containsAllEntriesOf(before);
      assertThat(tracker.openTasks()).hasSize(1);
      assertNoTempFiles();
      fs.disarm();
      tracker.create(NewTask.named("saved"));
      assertThat(ctx.health().lastSaveOk()).isTrue();
      assertThat(tracker.openTasks()).hasSize(2);
    }
  }

  /** Every file under tasks/ (the lock aside) with its size and CRC-32C. */
  private Map<String, String> snapshotFiles() throws Exception {
    Map<String, String> files = new TreeMap<>();
    Path tasks = home.resolve("tasks");
    try (Stream<Path> walk = Files.walk(tasks)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().equals(".lock")) {
          byte[] bytes = Files.readAllBytes(p);
          java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
          crc.update(bytes);
          files.put(tasks.relativize(p).toString(), bytes.length + ":" + crc.getValue());
        }
      }
    }
    return files;
  }

  @Test
  void aFullDiskIsReportedAsSuch() {
    FaultyFileSystem fs = new FaultyFileSystem();
    try (TrackerContext ctx = TrackerContext.open(home, fs)) {
      fs.failAlways(Op.WRITE, p -> true).withMessage("No space left on device");
      assertThatThrownBy(() -> ctx.tracker().create(NewTask.named("x")))
          .isInstanceOf(StoreException.class)
          .satisfies(
              e -> assertThat(((StoreException) e).code()).isEqualTo(StoreErrorCode.NO_SPACE))
          .hasMessageContaining("no space left");
      assertThat(ctx.tracker().openTasks()).isEmpty();
      fs.disarm();
    }
  }

  private void assertNoTempFiles() throws Exception {
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
  }

  private long historyLines() throws Exception {
    long n = 0;
    try (Stream<Path> files = Files.list(home.resolve("tasks/history"))) {
      for (Path p : files.toList()) {
        n += Files.readAllLines(p).size();
      }
    }
    return n;
  }
}
