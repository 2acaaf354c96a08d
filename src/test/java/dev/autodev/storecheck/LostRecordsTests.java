package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.history.HistoryContext;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreFinding;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.StoreReport;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished tasks that history/index.json, a sidecar or current.json still knows of, but that no
 * history file holds and the journal can no longer archive again, are lost: verify reports them by
 * id and name (or as a count where only a count is known), repair says so instead of "clean",
 * records them in its store_recovered entry, and sets the witnesses straight so the next verify
 * does not report the same loss again.
 */
class LostRecordsTests {

  @TempDir Path home;

  private Path history() {
    return home.resolve("tasks/history");
  }

  /**
   * Five tasks finished in May (a closed segment, compressed, with its sidecar), the session ended,
   * one task finished in June (a plain segment), index.json written.
   */
  private List<Task> seed() {
    List<Task> may = new ArrayList<>();
    try (HistoryContext ctx = HistoryContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      ctx.clock().set(Instant.parse("2026-05-10T09:00:00Z"));
      for (int i = 1; i <= 5; i++) {
        Task t = tracker.create(NewTask.named("May task " + i));
        tracker.start(t.id(), false);
        may.add(tracker.complete(t.id(), false));
      }
      tracker.endSession();
      ctx.clock().set(Instant.parse("2026-06-15T12:00:00Z"));
      Task june = tracker.create(NewTask.named("June task"));
      tracker.start(june.id(), false);
      tracker.complete(june.id(), false);
      ctx.compact();
    }
    assertThat(history().resolve("2026-05.jsonl.gz")).exists();
    assertThat(history().resolve("2026-05.idx")).exists();
    assertThat(history().resolve("index.json")).exists();
    return may;
  }

  private static String print(StoreRepair.Report r) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      StoreCommands.print(w, r);
    }
    return out.toString();
  }

  @Test
  void aDeletedSegmentWithTheJournalEmptiedIsLostByIdAndNameAndRepairNeverCallsItClean()
      throws Exception {
    List<Task> may = seed();
    Files.delete(history().resolve("2026-05.jsonl.gz"));
    Files.write(home.resolve("tasks/journal.jsonl"), new byte[0]);
    // The history maintenance writes index.json back, but keeps what it lists of the gone segment.
    try (HistoryContext ctx = HistoryContext.open(home)) {
      ctx.compact();
    }
    assertThat(Files.readString(history().resolve("index.json"))).contains("2026-05.jsonl.gz");

    try (TrackerContext ctx = TrackerContext.open(home)) {
      StoreReport verified = ctx.bean(StoreCheck.class).verify();
      assertThat(verified.clean()).isFalse();
      StoreFinding index =
          verified.problems().stream()
              .filter(p -> p.file().equals("history/index.json"))
              .findFirst()
              .orElseThrow();
      assertThat(index.problem())
          .startsWith("lists 5 finished task records of history/2026-05.jsonl.gz that no history")
          .contains(": task " + may.get(0).shortId() + " 'May task 1' (completed), task ");
      assertThat(index.meaning()).contains("lost");
      StoreFinding sidecar =
          verified.problems().stream()
              .filter(p -> p.file().equals("history/2026-05.idx"))
              .findFirst()
              .orElseThrow();
      for (Task t : may) {
        assertThat(sidecar.problem()).contains("task " + t.shortId() + " '" + t.name() + "'");
      }

      StoreRepair.Report repaired = ctx.bean(StoreRepair.class).repair(false);
      assertThat(repaired.lost())
          .containsExactlyElementsOf(
              may.stream()
                  .map(t -> "task " + t.shortId() + " '" + t.name() + "' (completed)")
                  .toList());
      assertThat(repaired.after()).isNotNull();
      assertThat(repaired.after().clean()).as("the witnesses were set straight").isTrue();
      String printed = print(repaired);
      assertThat(printed)
          .doesNotContain("Store is clean now")
          .contains("Lost (no file holds them any more; listed in the journal's store_recovered")
          .contains("  - task " + may.get(4).shortId() + " 'May task 5' (completed)");
      String journal = Files.readString(home.resolve("tasks/journal.jsonl"));
      assertThat(journal.lines().filter(l -> l.contains("store_recovered")).toList())
          .singleElement()
          .satisfies(l -> may.forEach(t -> assertThat(l).contains(t.shortId() + " '" + t.name())));
      assertThat(ctx.tracker().state().lastRecovery().actions())
          .anySatisfy(a -> assertThat(a).startsWith("lost, as no file holds them any more: "));

      // Acknowledged: the copies are in quarantine/, and verify does not report the loss again.
      try (Stream<Path> q = Files.walk(home.resolve("tasks/quarantine"))) {
        assertThat(q.map(p -> p.getFileName().toString()).toList())
            .contains("history_index.json", "history_2026-05.idx");
      }
      assertThat(ctx.bean(StoreCheck.class).verify().clean()).isTrue();
      assertThat(ctx.bean(StoreRepair.class).repair(false).lost()).isEmpty();
    }
  }

  @Test
  void whenOnlyTheIndexKnowsTheCountTheSessionLogGivesTheNamesAndTheRestIsACount()
      throws Exception {
    List<Task> may = seed();
    Files.delete(history().resolve("2026-05.jsonl.gz"));
    Files.delete(history().resolve("2026-05.idx"));
    Files.write(home.resolve("tasks/journal.jsonl"), new byte[0]);

    try (TrackerContext ctx = TrackerContext.open(home)) {
      StoreRepair.Report dryRun = ctx.bean(StoreRepair.class).repair(true);
      assertThat(dryRun.lost()).hasSize(5);
      assertThat(dryRun.actions())
          .contains(
              "history/index.json: report them as lost, then rebuild index.json from the segments"
                  + " left");
      assertThat(print(dryRun)).contains("Lost (no file holds them any more):");
      assertThat(Files.exists(history().resolve("index.json"))).isTrue();
    }
    // The session's summary is gone too: only the count is left.
    Files.delete(history().resolve("sessions.jsonl"));
    try (TrackerContext ctx = TrackerContext.open(home)) {
      StoreFinding index =
          ctx.bean(StoreCheck.class).verify().problems().stream()
              .filter(p -> p.file().equals("history/index.json"))
              .findFirst()
              .orElseThrow();
      assertThat(index.problem())
          .isEqualTo(
              "lists 5 finished task records of history/2026-05.jsonl.gz that no history file"
                  + " holds: 5 more finished task records of history/2026-05.jsonl.gz, known only"
                  + " by their count in history/index.json");
      StoreRepair.Report repaired = ctx.bean(StoreRepair.class).repair(false);
      assertThat(repaired.lost())
          .containsExactly(
              "5 more finished task records of history/2026-05.jsonl.gz, known only by their count"
                  + " in history/index.json");
      assertThat(repaired.after().clean()).isTrue();
      assertThat(print(repaired)).doesNotContain("Store is clean now");
    }
    assertThat(may).hasSize(5);
  }

  @Test
  void recordsTheJournalStillHoldsAreArchivedAgainNotLost() throws Exception {
    seed();
    Files.delete(history().resolve("2026-05.jsonl.gz"));
    try (TrackerContext ctx = TrackerContext.open(home)) {
      StoreReport verified = ctx.bean(StoreCheck.class).verify();
      assertThat(verified.problems())
          .extracting(StoreFinding::file)
          .as("the journal can archive them again: a repairable gap, not a loss")
          .containsExactly("history");
      StoreRepair.Report repaired = ctx.bean(StoreRepair.class).repair(false);
      assertThat(repaired.lost()).isEmpty();
      assertThat(print(repaired)).contains("Store is clean now.");
    }
  }
}
