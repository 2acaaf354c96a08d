package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file and folder the store creates is private to its owner on POSIX: files 0600, folders
 * 0700 — snapshots and their backups, memory, the journal, history segments (plain and compressed)
 * with their sidecars, index.json, sessions.jsonl, the lock files and quarantined copies.
 */
class StoreFileModesTests {

  @TempDir Path temp;

  @Test
  void everyFileIsOwnerOnlyAndEveryFolderOwnerOnly() throws Exception {
    assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path home = temp.resolve("data");
    try (HistoryContext ctx =
        HistoryContext.open(home, Map.of("autodev.history.segment-max-size", "2KB"))) {
      for (int i = 0; i < 4; i++) {
        Task t = ctx.tracker().create(NewTask.named("private " + i));
        ctx.tracker().start(t.id(), false);
        ctx.tracker().complete(t.id(), false);
      }
      ctx.tracker().setFact("build", "./mvnw verify");
      ctx.compact();
      Task plain = ctx.tracker().create(NewTask.named("into a plain segment"));
      ctx.tracker().start(plain.id(), false);
      ctx.tracker().complete(plain.id(), false);
      ctx.tracker().endSession();
    }
    // A damaged current.json is quarantined on the next start.
    Files.writeString(home.resolve("tasks/current.json"), "{\"schema_version\":1,\"revis");
    try (HistoryContext ctx = HistoryContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isNotEmpty();
      // A damaged backup is mended by store repair, which keeps a copy in its own quarantine.
      Files.writeString(home.resolve("tasks/current.json.bak"), "{");
      assertThat(ctx.bean(StoreRepair.class).repair(false).refused()).isFalse();
    }

    List<Path> all;
    try (Stream<Path> walk = Files.walk(home)) {
      all = walk.toList();
    }
    List<String> names = all.stream().map(p -> home.relativize(p).toString()).toList();
    assertThat(names)
        .contains(
            "tasks",
            "tasks/current.json",
            "tasks/current.json.bak",
            "tasks/memory.json",
            "tasks/journal.jsonl",
            "tasks/.lock",
            "tasks/history",
            "tasks/history/index.json",
            "tasks/history/sessions.jsonl",
            "tasks/history/.maintenance.lock",
            "tasks/quarantine");
    assertThat(names).anyMatch(n -> n.matches("tasks/history/.+\\.idx"));
    assertThat(names).anyMatch(n -> n.matches("tasks/history/\\d{4}-\\d{2}.*\\.jsonl"));
    assertThat(names).anyMatch(n -> n.matches("tasks/history/\\d{4}-\\d{2}.*\\.jsonl\\.gz"));
    assertThat(names).anyMatch(n -> n.matches("tasks/quarantine/.+/current\\.json"));
    assertThat(names).anyMatch(n -> n.matches("tasks/quarantine/.+-repair/current\\.json\\.bak"));
    for (Path p : all) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
      if (Files.isDirectory(p)) {
        assertThat(mode).as("folder %s", home.relativize(p)).isEqualTo("rwx------");
      } else {
        assertThat(mode).as("file %s", home.relativize(p)).isEqualTo("rw-------");
      }
    }
  }
}
