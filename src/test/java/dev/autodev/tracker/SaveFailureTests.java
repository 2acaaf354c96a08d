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
