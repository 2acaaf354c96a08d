package dev.autodev.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an empty current.json at a given revision, so a data folder whose history was generated
 * directly (not through the write path) continues from the generated revisions.
 */
public final class SnapshotSeed {

  private SnapshotSeed() {}

  public static void writeEmpty(Path home, long revision) throws IOException {
    Path tasks = home.resolve("tasks");
    Files.createDirectories(tasks);
    Files.write(
        tasks.resolve("current.json"),
        SnapshotRepository.currentBytes(TrackerState.EMPTY.withRevision(revision)));
  }
}
