package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of the archive format: timestamps, case folding, id prefixes, Bloom filters, the
 * sidecar, and where an archived record is appended.
 */
class ArchiveFormatTests {

  @TempDir Path home;

  @Test
  void timestampsOfTheStoreFilesAreReadExactlyAndOddOnesStillWork() {
    for (String s :
        List.of(
            "2026-11-23T10:30:00Z",
            "2026-11-23T10:30:00.1Z",
            "2024-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00.000000001Z",
            "2026-01-31T00:00:00.123456Z")) {
      assertThat(FastInstants.parse(s)).as(s).isEqualTo(Instant.parse(s));
    }
    for (String odd :
        List.of("2026-02-30T00:00:00Z", "2026-11-23T10:30:60Z", "2026-11-23 10:30:00Z", "x")) {
      assertThat(FastInstants.parse(odd)).as(odd).isNull();
    }
    // Through the mapper: an offset form is still accepted the slow way.
    record At(Instant at) {}
    At parsed = TrackerJson.mapper().readValue("{\"at\":\"2026-11-23T11:30:00+01:00\"}", At.class);
    assertThat(parsed.at()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
  }

  @Test
  void foldingIgnoresCaseButNeverTurnsNonAsciiIntoAscii() {
    assertThat(SearchKeys.fold("Quokka ÄÖÜ")).isEqualTo("quokka äöü");
    assertThat(SearchKeys.fold("\u212Aelvin")).isEqualTo("\u212Aelvin"); // the Kelvin sign
    assertThat(SearchKeys.needleKeys("ab")).isEmpty();
    assertThat(SearchKeys.needleKeys("abcd")).hasSize(2);
  }

  @Test
  void idPrefixesMatchLikeTheTextFormOfTheId() {
    UUID id = UUID.fromString("3f2a9c1e-1234-4abc-8def-0123456789ab");
    for (String p : List.of("3f2a", "3f2a9c1e", "3f2a9c1e-", "3f2a9c1e-12", id.toString())) {
      assertThat(IdPrefix.of(p).matches(id.getMostSignificantBits(), id.getLeastSignificantBits()))
          .as(p)
          .isTrue();
    }
    for (String p : List.of("3f2b", "3f2a9c1e-13", "3f2a9c1e1")) {
      IdPrefix prefix = IdPrefix.of(p);
      assertThat(
              prefix != null
                  && prefix.matches(id.getMostSignificantBits(), id.getLeastSignificantBits()))
          .as(p)
          .isFalse();
    }
  }

  @Test
  void aBloomFilterHasNoFalseNegativesAndFewFalsePositives() {
    BlockBloom.KeySet keys = new BlockBloom.KeySet();
    for (long k = 0; k < 5000; k++) {
      keys.add(SearchKeys.mix(k));
    }
    long[] filter = keys.toFilter();
    for (long k = 0; k < 5000; k++) {
      assertThat(BlockBloom.mightContain(filter, SearchKeys.mix(k))).isTrue();
    }
    int falsePositives = 0;
    for (long k = 5000; k < 105_000; k++) {
      if (BlockBloom.mightContain(filter, SearchKeys.mix(k))) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).isLessThan(2000); // about 1% expected
  }

  private static ArchivedTask record(int i, Instant at) {
    Task t =
        new Task(
            UUID.randomUUID(),
            "task " + i,
            "about quokkas",
            i % 2 == 0 ? TaskStatus.COMPLETED : TaskStatus.FAILED,
            Priority.HIGH,
            List.of("db"),
            null,
            List.of(),
            at.minusSeconds(600),
            (long) i + 1,
            at.minusSeconds(300),
            i % 2 == 0 ? at : null,
            i % 2 == 0 ? null : at,
            at,
            300,
            1,
            null,
            TaskContext.EMPTY,
            UUID.randomUUID(),
            3,
            List.of());
    return new ArchivedTask(ArchivedTask.SCHEMA_VERSION, i + 1, at, t);
  }

  @Test
  void aSidecarRoundTripsAndRefusesDamageAndNewerVersions() throws Exception {
    Path dir = home.resolve("h");
    Files.createDirectories(dir);
    Path gz = dir.resolve("2026-01.jsonl.gz");
    Path idx = dir.resolve("2026-01.idx");
    List<ArchivedTask> records = new ArrayList<>();
    try (CompressedSegmentWriter w =
        new CompressedSegmentWriter(gz, idx, new dev.autodev.store.RealStoreFileSystem())) {
      for (int i = 0; i < 1300; i++) {
        ArchivedTask r = record(i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L));
        records.add(r);
        byte[] line = ChecksummedLine.frame("record", TrackerJson.compact(r));
        w.add(java.util.Arrays.copyOf(line, line.length - 1), true, r);
      }
      w.finish();
      w.commit();
    }
    SegmentIndex read = SegmentIndex.read(idx);
    assertThat(read.describes(gz)).isTrue();
    assertThat(read.recordCount()).isEqualTo(1300);
    assertThat(read.blockCount()).isEqualTo(3); // 512 lines per block
    assertThat(read.summary().count(TaskStatus.FAILED)).isEqualTo(650);
    for (int i = 0; i < 1300; i += 97) {
      assertThat(read.id(i)).isEqualTo(records.get(i).task().id());
      assertThat(read.revision(i)).isEqualTo(i + 1);
      assertThat(read.status(i)).isEqualTo(records.get(i).task().status());
    }
    assertThat(read.block(0).mightContainAll(SearchKeys.needleKeys("quokka"))).isTrue();
    assertThat(read.block(0).mightContain(SearchKeys.tagKey("DB"))).isTrue();

    byte[] bytes = Files.readAllBytes(idx);
    bytes[bytes.length - 100] ^= 0x10; // in the record columns
    Files.write(idx, bytes);
    SegmentIndex damaged = SegmentIndex.read(idx); // header and blocks are fine…
    assertThatThrownBy(() -> damaged.id(0)) // …the columns are not
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("checksum mismatch in the record columns");

    byte[] newer =
        new String(Files.readAllBytes(idx), StandardCharsets.ISO_8859_1)
            .replace("\"schema_version\":1", "\"schema_version\":9")
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(idx, newer);
    assertThatThrownBy(() -> SegmentIndex.read(idx))
        .isInstanceOf(StoreException.class)
        .satisfies(
            e ->
                assertThat(((StoreException) e).code())
                    .isIn(StoreErrorCode.CORRUPT_FILE, StoreErrorCode.UNSUPPORTED_SCHEMA));
  }

  @Test
  void archivesNeverGoBackToAnOlderMonthAndATornTailIsCutBeforeAppending() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      HistoryArchive archive = ctx.bean(HistoryArchive.class);
      Path dir = archive.directory();
      Files.writeString(dir.resolve("2030-05.jsonl"), "");
      // A clock far behind the newest segment still appends to the newest month.
      assertThat(archive.targetFor(Instant.parse("2026-01-01T00:00:00Z")).getFileName().toString())
          .isEqualTo("2030-05.jsonl");
      // A compressed newest segment is never appended to: a new part begins.
      Files.move(dir.resolve("2030-05.jsonl"), dir.resolve("2030-05.jsonl.gz"));
      assertThat(archive.targetFor(Instant.parse("2030-05-02T00:00:00Z")).getFileName().toString())
          .isEqualTo("2030-05.1.jsonl");
      Files.delete(dir.resolve("2030-05.jsonl.gz"));

      Task t = ctx.tracker().create(NewTask.named("first"));
      ctx.tracker().start(t.id(), false);
      ctx.tracker().complete(t.id(), false);
      Path segment = archive.segments().get(0).path();
      Files.writeString(segment, "{\"crc\":\"0bad", StandardOpenOption.APPEND);
      Task u = ctx.tracker().create(NewTask.named("second"));
      ctx.tracker().start(u.id(), false);
      ctx.tracker().complete(u.id(), false);
      List<String> lines = Files.readAllLines(segment);
      assertThat(lines)
          .hasSize(2)
          .allSatisfy(l -> assertThat(l).startsWith("{\"crc\":\"").endsWith("}}"));
      assertThat(ctx.tracker().get(u.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }
  }
}
