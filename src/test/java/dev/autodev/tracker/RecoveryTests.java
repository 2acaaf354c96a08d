package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash or a damaged file leaves behind, and how the next start repairs it. */
class RecoveryTests {

  @TempDir Path home;

  private Path tasks() {
    return home.resolve("tasks");
  }

  @Test
  void aChangeInTheJournalButNotYetInCurrentJsonIsReplayed() throws Exception {
    UUID first;
    UUID second;
    byte[] snapshotAfterFirst;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      first = ctx.tracker().create(NewTask.named("first")).id();
      snapshotAfterFirst = Files.readAllBytes(tasks().resolve("current.json"));
      second = ctx.tracker().create(NewTask.named("second")).id();
      ctx.tracker().start(second, false);
    }
    // A crash after the journal append and before the snapshot replace looks like this:
    Files.write(tasks().resolve("current.json"), snapshotAfterFirst);

    try (TrackerContext ctx = TrackerContext.open(home)) {
      TrackerState state = ctx.tracker().state();
      assertThat(state.tasks().keySet()).containsExactly(first, second);
      assertThat(state.currentTaskId()).isEqualTo(second);
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).startsWith("replayed 3 journal entries"));
      assertThat(state.lastRecovery()).isNotNull();
    }
    // and the repaired snapshot was written, so the next start has nothing to do

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
      assertThat(ctx.tracker().state().tasks()).hasSize(2);
    }
  }

  @Test
  void aTornLastJournalLineIsDroppedBecauseItWasNeverAcknowledged() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("kept"));
    }
    Path journal = tasks().resolve("journal.jsonl");
    long goodSize = Files.size(journal);
    Files.write(
        journal,
        "{\"crc\":\"0badf00d\",\"entry\":{\"schema_version\":1,\"rev\":99"
            .getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("dropped a torn last journal line"));
      assertThat(ctx.tracker().openTasks()).extracting(Task::name).containsExactly("kept");
      // the torn bytes are gone and new entries follow whole lines
      ctx.tracker().create(NewTask.named("after"));
    }
    List<String> lines = Files.readAllLines(journal);
    assertThat(Files.size(journal)).isGreaterThan(goodSize);
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"crc\":\"").endsWith("}}"));
  }

  @Test
  void anUnreadableCurrentJsonIsQuarantinedAndRestoredFromItsBackupAndTheJournal()
      throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("one"));
      ctx.tracker().create(NewTask.named("two"));
    }
    Files.writeString(tasks().resolve("current.json"), "{\"schema_version\":1,\"revis");

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().openTasks()).extracting(Task::name).containsExactly("one", "two");
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("current.json was unreadable"))
          .anySatisfy(a -> assertThat(a).contains("restored current.json from its backup"));
    }
    try (Stream<Path> quarantined = Files.walk(tasks().resolve("quarantine"))) {
      assertThat(quarantined.filter(p -> p.getFileName().toString().equals("current.json")))
          .hasSize(1);
    }
  }

  @Test
  void withBothSnapshotsGoneTheStateIsRebuiltFromTheJournal() throws Exception {
    UUID done;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("open one"));
      done = ctx.tracker().create(NewTask.named("finished")).id();
      ctx.tracker().start(done, false);
      ctx.tracker().complete(done, false);
    }
    Files.delete(tasks().resolve("current.json"));
    Files.delete(tasks().resolve("current.json.bak"));

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().openTasks()).extracting(Task::name).containsExactly("open one");
      assertThat(ctx.tracker().state().completedTasks())
          .extracting(CompletedSummary::id)
          .containsExactly(done);
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("rebuilding current.json from the journal"));
    }
  }

  @Test
  void aTaskArchivedInTheJournalButMissingFromHistoryIsArchivedAgain() throws Exception {
    UUID id;
    byte[] snapshotBefore;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      id = ctx.tracker().create(NewTask.named("archive")).id();
      ctx.tracker().start(id, false);
      snapshotBefore = Files.readAllBytes(tasks().resolve("current.json"));
      ctx.tracker().complete(id, false);
    }
    // Crash right after the journal append: neither history nor current.json have the change.
    try (Stream<Path> segments = Files.list(tasks().resolve("history"))) {
      for (Path p : segments.toList()) {
        Files.delete(p);
      }
    }
    Files.write(tasks().resolve("current.json"), snapshotBefore);

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().openTasks()).isEmpty();
      assertThat(ctx.tracker().get(id).status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("that a crash kept out of history"));
    }
  }

  @Test
  void leftoverTempFilesAreRemoved() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("x"));
    }
    Files.writeString(tasks().resolve("current.json.tmp"), "half a fi");

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("removed leftover temp file current.json.tmp"));
    }
    assertThat(tasks().resolve("current.json.tmp")).doesNotExist();
  }

  @Test
  void aFileFromANewerVersionIsRefusedLoudlyAndLeftAlone() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("x"));
    }
    // As a newer auto-dev writes it: another version, and a checksum that holds.
    byte[] newer =
        ChecksummedDocument.seal(
            Files.readString(tasks().resolve("current.json"))
                .replace("\"schema_version\" : 2", "\"schema_version\" : 7")
                .replaceFirst("\"checksum\" : \"[0-9a-f]{8}\"", "\"checksum\" : \"00000000\"")
                .getBytes(StandardCharsets.UTF_8));
    Files.write(tasks().resolve("current.json"), newer);

    assertThatThrownBy(() -> TrackerContext.open(home))
        .isInstanceOf(StoreException.class)
        .satisfies(
            e ->
                assertThat(((StoreException) e).code())
                    .isEqualTo(StoreErrorCode.UNSUPPORTED_SCHEMA))
        .hasMessageContaining("newer auto-dev");
    assertThat(Files.readAllBytes(tasks().resolve("current.json"))).isEqualTo(newer);
  }

  /**
   * A flipped bit in schema_version that makes it look newer (2 → 6) is damage, not a newer file:
   * its checksum does not hold, so the store recovers from the backup and the journal instead of
   * refusing to start.
   */
  @Test
  void aVersionThatLooksNewerButFailsItsChecksumIsDamageAndRecovered() throws Exception {
    Task kept;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      kept = ctx.tracker().create(NewTask.named("kept"));
    }
    byte[] bytes = Files.readAllBytes(tasks().resolve("current.json"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    int digit = text.indexOf("\"schema_version\" : 2") + "\"schema_version\" : ".length();
    bytes[digit] ^= 0x04; // '2' → '6'
    Files.write(tasks().resolve("current.json"), bytes);

    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("checksum mismatch"));
      assertThat(ctx.tracker().get(kept.id()).name()).isEqualTo("kept");
    }
  }
}
