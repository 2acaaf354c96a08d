package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The on-disk layout of one data folder, in one place, so no other class builds store paths by hand
 * (and none from user input).
 */
public record StorePaths(Path home) {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public StorePaths {
    home = home.toAbsolutePath().normalize();
  }

  public Path tasksDir() {
    return home.resolve("tasks");
  }

  public Path current() {
    return tasksDir().resolve("current.json");
  }

  public Path memory() {
    return tasksDir().resolve("memory.json");
  }

  public Path journal() {
    return tasksDir().resolve("journal.jsonl");
  }

  public Path historyDir() {
    return tasksDir().resolve("history");
  }

  public Path quarantineDir() {
    return tasksDir().resolve("quarantine");
  }

  public Path lockFile() {
    return tasksDir().resolve(".lock");
  }

  /** One summary line per ended session. */
  public Path sessionLog() {
    return historyDir().resolve("sessions.jsonl");
  }

  /** The previous good version kept beside a snapshot file. */
  public static Path backupOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".bak");
  }

  /** The temporary file a snapshot is written to before it replaces the real one. */
  /** The compact UTC time that names quarantine and backup folders: {@code 20261202T041500Z}. */
  public static String stamp(Instant time) {
    return STAMP.format(time);
  }

  public static Path tempOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /**
   * Creates the folders of the layout if they are missing. Where this process cannot write (a
   * read-only store) they stay missing: reading an absent folder finds nothing, and the store lock
   * refuses every change with a clear reason.
   */
  public void createDirectories() {
    try {
      StoreFileModes.createDirectories(historyDir());
    } catch (IOException e) {
      if (StoreLock.notWritable(e) == null) {
        throw StoreException.io(historyDir(), "create the data folder", e);
      }
    }
  }
}
