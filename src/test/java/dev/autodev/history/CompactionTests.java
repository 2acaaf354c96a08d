package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.tracker.CompressedSegmentWriter;
import dev.autodev.tracker.HistoryArchive;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SegmentIndex;
import dev.autodev.tracker.Task;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compaction of closed segments, index.json kept right, and what an interrupted compaction leaves
 * behind: every record stays readable exactly once at every step.
 */
class CompactionTests {

  @TempDir Path home;
  HistoryGenerator.Result generated;

  private Path history() {
    return home.resolve("tasks").resolve("history");
  }

  @BeforeEach
  void generate() throws Exception {
    // Three months of plain segments; the clock of HistoryContext is mid-June, so the June
    // segment is the open one and every earlier one is closed.
    generated =
        HistoryGenerator.generate(
            home,
            HistoryGenerator.Options.of(1200)
                .months(3)
                .end(Instant.parse("2026-06-20T00:00:00Z"))
                .segmentMaxBytes(400 * 1024));
  }

  private Map<String, byte[]> plainFiles() throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> list = Files.list(history())) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (p.getFileName().toString().endsWith(".jsonl")) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  private static List<UUID> everything(HistoryContext ctx) {
    List<UUID> ids = new ArrayList<>();
    Cursor cursor = null;
    do {
      HistoryQueries.HistoryPage p =
          ctx.queries().history(HistoryQuery.all(200).withCursor(cursor));
      p.records().forEach(r -> ids.add(r.task().id()));
      cursor = p.nextCursor() == null ? null : Cursor.decode(p.nextCursor());
    } while (cursor != null);
    return ids;
  }

  @Test
  void closedSegmentsAreCompressedByteForByteAndTheOpenOneStaysPlain() throws Exception {
    Map<String, byte[]> before = plainFiles();
    assertThat(before).hasSizeGreaterThan(3);
    try (HistoryContext ctx = HistoryContext.open(home)) {
      List<UUID> idsBefore = everything(ctx);
      Compactor.Report report = ctx.maintenance().compactNow();

      List<Segment> segments = ctx.archive().segments();
      Segment open = segments.get(segments.size() - 1);
      assertThat(open.compressed()).as("the June segment can still grow").isFalse();
      assertThat(open.month().toString()).isEqualTo("2026-06");
      assertThat(report.compressed()).hasSize(before.size() - 1);
      for (Segment s : segments.subList(0, segments.size() - 1)) {
        assertThat(s.compressed()).isTrue();
        assertThat(Files.exists(s.plainPath())).isFalse();
        byte[] plain = before.get(s.base() + ".jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(s.path()))) {
          assertThat(in.readAllBytes()).as("zcat %s", s.fileName()).isEqualTo(plain);
        }
        SegmentIndex idx = SegmentIndex.read(s.sidecarPath());
        assertThat(idx.describes(s.path())).isTrue();
        assertThat(idx.header().sourceBytes()).isEqualTo(plain.length);
        assertThat(idx.blockCount()).isPositive();
        assertThat(idx.recordCount()).isEqualTo(plain.length == 0 ? 0 : idx.summary().records());
      }
      assertThat(everything(ctx)).containsExactlyElementsOf(idsBefore);

      // index.json describes every segment with its counts.
      JsonNode index = JsonMapper.builder().build().readTree(history().resolve("index.json"));
      assertThat(index.get("schema_version").asInt()).isEqualTo(1);
      assertThat(index.get("segments")).hasSize(segments.size());
      long records = 0;
      for (JsonNode e : index.get("segments")) {
        JsonNode summary = e.get("summary");
        records += summary.get("records").asLong();
        assertThat(summary.get("by_status").get("completed").asLong()).isPositive();
        assertThat(summary.get("first_created_at").asString()).endsWith("Z");
        assertThat(summary.get("last_finished_at").asString()).endsWith("Z");
      }
      assertThat(records).isEqualTo(generated.records());

      // Nothing left to do the second time.
      assertThat(ctx.maintenance().compactNow().nothingDone()).isTrue();
    }
  }

  @Test
  void aSegmentRollsToTheNextPartBySizeAndTheFullOneIsClosed() throws Exception {
    try (HistoryContext ctx =
        HistoryContext.open(home, Map.of("autodev.history.segment-max-size", "2KB"))) {
      for (int i = 0; i < 4; i++) {
        Task t = ctx.tracker().create(NewTask.named("rolls " + i));
        ctx.tracker().start(t.id(), false);
        ctx.tracker().complete(t.id(), false);
      }
      List<Segment> june =
          ctx.archive().segments().stream()
              .filter(s -> s.month().toString().equals("2026-06"))
              .toList();
      assertThat(june.size()).as("June rolled into parts").isGreaterThan(2);
      ctx.maintenance().compactNow();
      List<Segment> after =
          ctx.archive().segments().stream()
              .filter(s -> s.month().toString().equals("2026-06"))
              .toList();
      // Every part but the newest is closed (a newer one exists), so it was compressed; the
      // newest too once it is full.
      assertThat(after.subList(0, after.size() - 1)).allMatch(Segment::compressed);
      // The next archive goes to a plain part, never into a compressed one.
      Task t = ctx.tracker().create(NewTask.named("after compaction"));
      ctx.tracker().start(t.id(), false);
      ctx.tracker().complete(t.id(), false);
      List<Segment> now = ctx.archive().segments();
      Segment newest = now.get(now.size() - 1);
      assertThat(newest.compressed()).isFalse();
      assertThat(Files.readString(newest.path())).contains(t.id().toString());
      assertThat(ctx.queries().history(HistoryQuery.all(1)).records().get(0).task().id())
          .isEqualTo(t.id());
    }
  }

  @Test
  void indexJsonIsRebuiltWhenMissingDamagedOrWrong() throws Exception {
    try (HistoryContext ctx = HistoryContext.open(home)) {
      ctx.maintenance().compactNow();
      Path index = history().resolve("index.json");
      byte[] good = Files.readAllBytes(index);
      List<UUID> ids = everything(ctx);

      Files.delete(index);
      assertThat(everything(ctx)).containsExactlyElementsOf(ids);
      assertThat(ctx.index().refresh()).isTrue();
      assertThat(Files.readAllBytes(index)).isEqualTo(good);

      Files.writeString(index, "{ not json");
      assertThat(everything(ctx)).containsExactlyElementsOf(ids);
      assertThat(ctx.index().refresh()).isTrue();
      assertThat(Files.readAllBytes(index)).isEqualTo(good);

      // An entry that lies about its segment (wrong count and size) is recomputed.
      String wrong =
          new String(good, StandardCharsets.UTF_8)
              .replaceFirst("\"records\" : \\d+", "\"records\" : 1")
              .replaceFirst("\"bytes\" : \\d+", "\"bytes\" : 5");
      Files.writeString(index, wrong);
      assertThat(ctx.index().view().stale()).isTrue();
      assertThat(everything(ctx)).containsExactlyElementsOf(ids);
      assertThat(ctx.index().refresh()).isTrue();
      assertThat(Files.readAllBytes(index)).isEqualTo(good);
      assertThat(ctx.index().refresh()).as("nothing left to fix").isFalse();
    }
  }

  @Test
  void anIndexWrittenByANewerVersionIsRefusedAndLeftAlone() throws Exception {
    Path index = history().resolve("index.json");
    Files.writeString(index, "{\"schema_version\": 2, \"segments\": []}");
    try (HistoryContext ctx = HistoryContext.open(home)) {
      assertThatThrownBy(() -> ctx.queries().history(HistoryQuery.all(5)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("newer auto-dev (schema_version 2")
          .satisfies(
              e ->
                  assertThat(((StoreException) e).code())
                      .isEqualTo(StoreErrorCode.UNSUPPORTED_SCHEMA));
    }
    assertThat(Files.readString(index)).contains("\"schema_version\": 2");
  }

  @Test
  void aCompactionInterruptedAfterTheCopyAppearedIsFinishedAndNeverDoubleCounted()
      throws Exception {
    try (HistoryContext ctx = HistoryContext.open(home)) {
      List<UUID> ids = everything(ctx);
      Segment first = ctx.archive().segments().get(0);
      // The state a crash between "rename the compressed copy in" and "delete the plain file"
      // leaves: both files of one segment.
      writeCopy(first);
      assertThat(Files.exists(first.plainPath())).isTrue();
      assertThat(Files.exists(first.compressedPath())).isTrue();
      assertThat(everything(ctx)).as("each record once").containsExactlyElementsOf(ids);

      Compactor.Report report = ctx.maintenance().compactNow();
      assertThat(report.cleaned())
          .anySatisfy(c -> assertThat(c).contains("finished an interrupted compaction"));
      assertThat(Files.exists(first.plainPath())).isFalse();
      assertThat(everything(ctx)).containsExactlyElementsOf(ids);
    }
  }

  @Test
  void aCompressedCopyThatNoLongerMatchesThePlainFileIsDiscarded() throws Exception {
    try (HistoryContext ctx = HistoryContext.open(home)) {
      Segment first = ctx.archive().segments().get(0);
      writeCopy(first);
      // The plain file changed after the copy was made (only possible if a clock went back):
      // the copy is stale and must not replace it.
      byte[] extra = Files.readAllBytes(ctx.archive().segments().get(1).path());
      byte[] oneLine =
          new String(extra, StandardCharsets.UTF_8)
              .lines()
              .findFirst()
              .orElseThrow()
              .concat("\n")
              .getBytes(StandardCharsets.UTF_8);
      Files.write(first.plainPath(), oneLine, StandardOpenOption.APPEND);
      List<UUID> ids = everything(ctx);

      Compactor.Report report = ctx.maintenance().compactNow();
      assertThat(report.cleaned())
          .anySatisfy(c -> assertThat(c).contains("discarded an unfinished compressed copy"));
      // then compressed afresh from the plain file, which holds one line more
      assertThat(report.compressed()).contains(first.base() + ".jsonl");
      assertThat(everything(ctx)).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void leftoversOfACrashAreRemovedAndAMissingSidecarIsRebuilt() throws Exception {
    try (HistoryContext ctx = HistoryContext.open(home)) {
      ctx.maintenance().compactNow();
      List<UUID> ids = everything(ctx);
      Segment s = ctx.archive().segments().get(0);
      Files.writeString(history().resolve(s.base() + ".jsonl.gz.tmp"), "half a file");
      Files.writeString(history().resolve("2020-01.idx"), "orphan");
      Files.delete(s.sidecarPath());
      assertThat(everything(ctx))
          .as("a missing sidecar costs speed, not records")
          .containsExactlyElementsOf(ids);

      Compactor.Report report = ctx.maintenance().compactNow();
      assertThat(report.cleaned()).hasSize(3);
      assertThat(Files.exists(history().resolve(s.base() + ".jsonl.gz.tmp"))).isFalse();
      assertThat(Files.exists(history().resolve("2020-01.idx"))).isFalse();
      assertThat(SegmentIndex.read(s.sidecarPath()).describes(s.path())).isTrue();
      assertThat(everything(ctx)).containsExactlyElementsOf(ids);
    }
  }

  @Test
  void aDamagedLineIsKeptByteForByteAndSkippedByQueries() throws Exception {
    Path file;
    try (HistoryContext ctx = HistoryContext.open(home)) {
      file = ctx.archive().segments().get(0).path();
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String damaged = lines.get(5).replace("\"completed\"", "\"c0mpleted\"");
    lines.set(5, damaged);
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] plain = Files.readAllBytes(file);
    try (HistoryContext ctx = HistoryContext.open(home)) {
      int before = everything(ctx).size();
      ctx.maintenance().compactNow();
      Segment s = ctx.archive().segments().get(0);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(s.path()))) {
        assertThat(in.readAllBytes()).isEqualTo(plain);
      }
      assertThat(SegmentIndex.read(s.sidecarPath()).summary().damaged()).isEqualTo(1);
      assertThat(everything(ctx)).hasSize(before);
    }
  }

  private static void writeCopy(Segment plain) throws Exception {
    try (CompressedSegmentWriter w =
            new CompressedSegmentWriter(
                plain.compressedPath(),
                plain.sidecarPath(),
                new dev.autodev.store.RealStoreFileSystem());
        InputStream in = Files.newInputStream(plain.path())) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        w.add(bytes, true, HistoryArchive.tryParse(bytes, plain.path()));
      }
      w.finish();
      w.commit();
    }
  }
}
