package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.ChildJvm;
import dev.autodev.tracker.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM compacts the history and is killed with SIGKILL in the middle of a segment, again and
 * again on the same folder. After every kill every record is readable exactly once (none lost, none
 * doubled), and compaction later finishes what was interrupted.
 */
class CompactionKillIntegrationTests {

  private static final int TRIALS = Integer.getInteger("autodev.test.compaction-kill-trials", 4);

  @TempDir Path tmp;

  /** Every record as "id@revision", in query order, superseded attempts included. */
  private static List<String> everyRecord(HistoryContext ctx) {
    List<String> records = new ArrayList<>();
    HistoryQuery q =
        QueryInput.history(
            new QueryInput.Raw(
                null, null, null, null, null, null, null, null, null, null, null, null, true, 1000,
                null));
    Cursor cursor = null;
    do {
      HistoryQueries.HistoryPage page = ctx.queries().history(q.withCursor(cursor));
      page.records().forEach(r -> records.add(r.task().id() + "@" + r.archivedRevision()));
      cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (cursor != null);
    return records;
  }

  @Test
  void noRecordIsLostOrDoubledWhenCompactionIsKilled() throws Exception {
    Path home = tmp.resolve("store");
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(2500)
            .months(3)
            .end(Instant.parse("2026-06-20T00:00:00Z"))
            .segmentMaxBytes(256 * 1024));
    List<String> expected;
    try (HistoryContext ctx = HistoryContext.open(home)) {
      expected = everyRecord(ctx);
    }
    assertThat(expected).hasSizeGreaterThan(2500);
    Random random = new Random(Long.getLong("autodev.test.seed", System.nanoTime()));
    int killed = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      try (ChildJvm child = ChildJvm.start(home, CompactionChild.class)) {
        assertThat(child.nextLine(Duration.ofMinutes(1))).startsWith("READY");
        int segmentsBeforeKill = random.nextInt(3);
        String line = child.nextLine(Duration.ofMinutes(1));
        for (int i = 0; i < segmentsBeforeKill && line.startsWith("SEGMENT"); i++) {
          line = child.nextLine(Duration.ofMinutes(1));
        }
        child.kill();
        if (line.startsWith("SEGMENT")) {
          killed++;
        }
      }
      try (HistoryContext ctx = HistoryContext.open(home)) {
        assertThat(everyRecord(ctx)).as("after kill %d", trial).isEqualTo(expected);
      }
    }
    assertThat(killed).as("kills that landed inside a compaction").isPositive();

    // Compaction finishes the job; nothing is left behind, everything is still there once.
    try (HistoryContext ctx = HistoryContext.open(home)) {
      ctx.maintenance().compactNow();
      List<Segment> segments = ctx.archive().segments();
      assertThat(segments.subList(0, segments.size() - 1)).allMatch(Segment::compressed);
      assertThat(ctx.archive().files()).hasSameSizeAs(segments);
      assertThat(everyRecord(ctx)).isEqualTo(expected);
    }
    try (Stream<Path> files = Files.list(home.resolve("tasks/history"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
