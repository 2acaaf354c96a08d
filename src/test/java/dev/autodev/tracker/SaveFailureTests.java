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
   * A decision writes the journal, memory.json and current.json. Fail each write, fsync, rename,
   * hard link and folder sync of that one save in turn (a short write where it writes): a save that
   * fails leaves every file exactly as it was — the backups included, same inode and same bytes, so
   * no generation of memory.json.bak or current.json.bak is lost — and the next save works. A fault
   * after both files are durable (moving a backup forward) is not a failed save: the change stands
   * and the backup stays one generation older.
   */
  @ParameterizedTest
  @EnumSource(Op.class)
  void everyFailurePointOfASaveLeavesEveryFileAndBackupAsItWas(Op op) throws Exception {
    int failedSaves = 0;
    for (int nth = 1; ; nth++) {
      Path store = home.resolve(op + "-" + nth);
      FaultyFileSystem fs = new FaultyFileSystem();
      boolean failed;
      try (TrackerContext ctx = TrackerContext.open(store, fs)) {
        TaskTracker tracker = ctx.tracker();
        tracker.create(NewTask.named("kept"));
        tracker.decide("first decision", null, List.of());
        tracker.decide("second decision", null, List.of());
        Map<String, String> before = filesWithInodes(store);
        assertThat(before).containsKeys("current.json.bak", "memory.json.bak");
        Memory memory = tracker.memory();

        fs.failNth(op, nth, p -> true).shortWrites();
        try {
          tracker.decide("third decision", null, List.of());
          failed = false;
        } catch (StoreException e) {
          failed = true;
        }
        if (fs.tripped() == 0) {
          assertThat(failed).isFalse();
          break; // past the last point of this save where the operation happens
        }
        if (failed) {
          failedSaves++;
          assertThat(filesWithInodes(store)).as("%s #%d", op, nth).isEqualTo(before);
          assertThat(tracker.memory()).isEqualTo(memory);
          assertThat(ctx.health().lastSaveOk()).isFalse();
        } else {
          assertThat(tracker.memory().keyDecisions()).hasSize(3);
        }
        assertNoTempFiles(store);
        fs.disarm();
        tracker.decide("fourth decision", null, List.of());
        assertThat(ctx.health().lastSaveOk()).isTrue();
      }
      try (TrackerContext ctx = TrackerContext.open(store)) {
        assertThat(ctx.tracker().startupRecovery()).isEmpty();
        assertThat(ctx.tracker().memory().keyDecisions()).hasSize(failed ? 3 : 4);
        assertThat(ctx.bean(StoreCheck.class).verify().clean()).isTrue();
      }
    }
    assertThat(failedSaves).as("saves failed by %s", op).isPositive();
  }

  /** Every file under tasks/ (the lock aside) with its inode, size and CRC-32C. */
  private static Map<String, String> filesWithInodes(Path store) throws Exception {
    Map<String, String> files = new TreeMap<>();
    Path tasks = store.resolve("tasks");
    try (Stream<Path> walk = Files.walk(tasks)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().equals(".lock")) {
          byte[] bytes = Files.readAllBytes(p);
          java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
          crc.update(bytes);
          Object inode =
              Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
          files.put(
              tasks.relativize(p).toString(), inode + ":" + bytes.length + ":" + crc.getValue());
        }
      }
    }
    return files;
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
    assertNoTempFiles(home);
  }

  private static void assertNoTempFiles(Path store) throws Exception {
    try (Stream<Path> files = Files.walk(store)) {
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
