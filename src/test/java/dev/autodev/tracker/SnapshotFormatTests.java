package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * current.json and memory.json carry a CRC-32C of their exact bytes and are read strictly: every
 * single-bit flip anywhere in them is refused as damage (never as a newer file), an unknown or a
 * missing key is damage, and a store the previous release wrote (schema_version 1, no checksum,
 * under src/test/resources/v1-store) still reads in full and is rewritten with checksums by the
 * next change.
 */
class SnapshotFormatTests {

  private static final JsonMapper PLAIN = JsonMapper.builder().build();

  @TempDir Path home;

  private Path tasks() {
    return home.resolve("tasks");
  }

  @Test
  void aStoreThePreviousReleaseWroteReadsInFullAndTheNextChangeAddsChecksums() throws Exception {
    copyV1Store();
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      assertThat(t.startupRecovery()).isEmpty();
      assertThat(t.openTasks())
          .extracting(Task::name)
          .containsExactly("Write the migration", "Deploy", "Next session task");
      Task migration = t.openTasks().get(0);
      assertThat(migration.context().filesModified()).containsExactly("src/db/Migration.java");
      assertThat(migration.context().decisions()).containsExactly("Use a two-phase rename");
      assertThat(migration.context().notes()).containsExactly("check the rollback path");
      assertThat(t.state().currentTaskId()).isEqualTo(migration.id());
      assertThat(t.state().completedTasks())
          .extracting(CompletedSummary::name)
          .contains("Quick fix");
      assertThat(t.state().failedTasks()).extracting(FailedSummary::name).contains("Flaky test");
      assertThat(t.state().lastRecovery()).isNotNull();
      assertThat(t.memory().projectType()).isEqualTo("cli_tool");
      assertThat(t.memory().facts()).containsEntry("build", "./mvnw -B verify");
      assertThat(t.memory().keyDecisions()).extracting(MemoryEntry::text).hasSize(1);
      assertThat(t.memory().learnedPatterns())
          .extracting(MemoryEntry::tags)
          .containsExactly(List.of("io"));
      assertThat(t.archived(10, null)).hasSize(4);
      StoreReport report = ctx.bean(StoreCheck.class).verify();
      assertThat(report.clean()).as(report.toString()).isTrue();
      assertThat(report.notes())
          .extracting(StoreFinding::problem)
          .contains("written by an earlier auto-dev, without a checksum");
      assertThat(ChecksummedDocument.verify(Files.readAllBytes(tasks().resolve("memory.json"))))
          .as("reading wrote nothing")
          .isFalse();

      t.create(NewTask.named("after the upgrade"));
    }
    for (String file : List.of("current.json", "memory.json")) {
      byte[] bytes = Files.readAllBytes(tasks().resolve(file));
      assertThat(ChecksummedDocument.verify(bytes)).as(file).isTrue();
      assertThat(PLAIN.readTree(bytes).get("schema_version").asInt()).as(file).isEqualTo(2);
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
      assertThat(ctx.tracker().openTasks()).hasSize(4);
      assertThat(ctx.tracker().memory().facts()).containsEntry("build", "./mvnw -B verify");
      assertThat(ctx.bean(StoreCheck.class).verify().notes()).isEmpty();
    }
  }

  /**
   * Files without a checksum (version 1) rely on strict reading alone: the rename the acceptance
   * run saw ({@code files_modified} → {@code fides_modified}) and a dropped key are damage.
   */
  @Test
  void anUnknownOrMissingKeyInAFileWithoutChecksumIsDamage() throws Exception {
    copyV1Store();
    String current = Files.readString(tasks().resolve("current.json"));
    String memory = Files.readString(tasks().resolve("memory.json"));
    assertThat(parsesCurrent(current)).isTrue();
    assertThat(parsesMemory(memory)).isTrue();

    assertCorruptCurrent(current.replaceFirst("\"files_modified\"", "\"fides_modified\""));
    assertCorruptCurrent(current.replaceFirst("\"tags\" : \\[ \"db\" \\],", ""));
    assertCorruptCurrent(current.replaceFirst("\"revision\" : \\d+,", ""));
    assertCorruptCurrent(current.replaceFirst("\"runs\"", "\"rune\""));
    assertCorruptMemory(memory.replaceFirst("\"facts\"", "\"fasts\""));
    assertCorruptMemory(memory.replaceFirst("\"tags\" : \\[ \\]", "\"tags\" : [ ], \"x\" : 1"));
    assertCorruptMemory(memory.replaceFirst(",\\s*\"tags\" : \\[ \\]", ""));
  }

  /**
   * Every single-bit flip, at every byte of a small store's current.json and memory.json, is
   * refused as damage when read — including the flips that leave valid JSON, which today's
   * acceptance run saw adopted ("decision 2" → "decisioj 2") — and none passes for a file written
   * by a newer auto-dev.
   */
  @Test
  void everySingleBitFlipOfBothSnapshotsIsDetectedWhenRead() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Task task = t.create(NewTask.named("decision holder"));
      t.start(task.id(), false);
      t.addContext(task.id(), ContextKind.FILE, "src/Main.java");
      t.decide("decision 2", task.id(), List.of("io"));
      t.setFact("build", "./mvnw verify");
    }
    int[] current = sweep(tasks().resolve("current.json"), true);
    int[] memory = sweep(tasks().resolve("memory.json"), false);
    assertThat(current[1]).as("valid-JSON flips of current.json").isGreaterThan(1000);
    assertThat(memory[1]).as("valid-JSON flips of memory.json").isGreaterThan(300);
    assertThat(current[2]).as("current.json flips accepted").isZero();
    assertThat(memory[2]).as("memory.json flips accepted").isZero();
  }

  /** Returns {flips, of which valid JSON, accepted}; every flip must be refused as CORRUPT_FILE. */
  private static int[] sweep(Path file, boolean current) throws IOException {
    byte[] original = Files.readAllBytes(file);
    int flips = 0;
    int validJson = 0;
    int accepted = 0;
    for (int i = 0; i < original.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] b = original.clone();
        b[i] ^= (byte) (1 << bit);
        flips++;
        if (isJson(b)) {
          validJson++;
        }
        try {
          if (current) {
            SnapshotRepository.parseCurrent(b, file);
          } else {
            SnapshotRepository.parseMemory(b, file);
          }
          accepted++;
        } catch (StoreException e) {
          assertThat(e.code())
              .as("byte %d bit %d: %s", i, bit, e.getMessage())
              .isEqualTo(StoreErrorCode.CORRUPT_FILE);
        }
      }
    }
    return new int[] {flips, validJson, accepted};
  }

  private static boolean isJson(byte[] b) {
    try {
      PLAIN.readTree(b);
      return true;
    } catch (JacksonException e) {
      return false;
    }
  }

  private boolean parsesCurrent(String text) {
    SnapshotRepository.parseCurrent(utf8(text), tasks().resolve("current.json"));
    return true;
  }

  private boolean parsesMemory(String text) {
    SnapshotRepository.parseMemory(utf8(text), tasks().resolve("memory.json"));
    return true;
  }

  private void assertCorruptCurrent(String text) {
    assertThat(isJson(utf8(text))).as("still valid JSON").isTrue();
    assertThatThrownBy(() -> parsesCurrent(text))
        .isInstanceOf(StoreException.class)
        .satisfies(
            e -> assertThat(((StoreException) e).code()).isEqualTo(StoreErrorCode.CORRUPT_FILE));
  }

  private void assertCorruptMemory(String text) {
    assertThat(isJson(utf8(text))).as("still valid JSON").isTrue();
    assertThatThrownBy(() -> parsesMemory(text))
        .isInstanceOf(StoreException.class)
        .satisfies(
            e -> assertThat(((StoreException) e).code()).isEqualTo(StoreErrorCode.CORRUPT_FILE));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void copyV1Store() throws Exception {
    Path from = Path.of(getClass().getResource("/v1-store").toURI());
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = home.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
