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
    write(home, TrackerState.EMPTY.withRevision(revision));
  }

  /** Writes current.json holding {@code state}, as the snapshot writer lays it out. */
  public static void write(Path home, TrackerState state) throws IOException {
    Path tasks = home.resolve("tasks");
    Files.createDirectories(tasks);
    Files.write(tasks.resolve("current.json"), SnapshotRepository.currentBytes(state));
  }
}
