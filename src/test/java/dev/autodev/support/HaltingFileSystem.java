package dev.autodev.support;

import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real file system that halts the JVM ({@code Runtime.halt}: no shutdown hooks, no flushing,
 * like a power cut to the process) at the Nth time the write protocol reaches a named point. Used
 * by the crash matrix's child JVMs; production code has no hook for it.
 */
public final class HaltingFileSystem implements StoreFileSystem {

  /** Where in the write protocol the process dies. */
  public enum Point {
    /** A snapshot's temp file is written but not yet fsynced. */
    AFTER_TEMP_WRITE,
    /** A snapshot's temp file is written and fsynced, not yet renamed. */
    AFTER_TEMP_FSYNC,
    /** A snapshot's temp file was renamed over the target; the folder is not yet fsynced. */
    AFTER_RENAME,
    /** The journal line is appended and fsynced (the commit point); nothing else written. */
    AFTER_JOURNAL_APPEND,
    /** Half of a finished task's history record is written. */
    DURING_HISTORY_ARCHIVE,
    /** Any file operation of a compaction (staging, renames, the delete, folder syncs). */
    DURING_COMPACTION
  }

  /** The exit status of a halted child. */
  public static final int HALTED = 86;

  private final StoreFileSystem real = new RealStoreFileSystem();
  private final Point point;
  private final AtomicInteger countdown;
  private volatile boolean armed;

  public HaltingFileSystem(Point point, int nth, boolean armed) {
    this.point = point;
    this.countdown = new AtomicInteger(nth);
    this.armed = armed;
  }

  public void arm() {
    armed = true;
  }

  private boolean reached(Point at) {
    return armed && at == point && countdown.decrementAndGet() == 0;
  }

  private static void halt() {
    Runtime.getRuntime().halt(HALTED);
  }

  private static boolean isSegment(Path file) {
    return file.getFileName().toString().matches("\\d{4}-\\d{2}(\\.\\d+)?\\.jsonl");
  }

  @Override
  public void write(Path file, byte[] data, boolean sync) throws IOException {
    boolean temp = file.getFileName().toString().endsWith(".tmp");
    if (temp && reached(Point.AFTER_TEMP_WRITE)) {
      real.write(file, data, false);
      halt();
    }
    real.write(file, data, sync);
    if (temp && reached(Point.AFTER_TEMP_FSYNC)) {
      halt();
    }
    if (reached(Point.DURING_COMPACTION)) {
      halt();
    }
  }

  @Override
  public void append(Path file, byte[] data, boolean sync) throws IOException {
    if (isSegment(file) && reached(Point.DURING_HISTORY_ARCHIVE)) {
      real.append(file, Arrays.copyOf(data, Math.max(1, data.length / 2)), false);
      halt();
    }
    real.append(file, data, sync);
    if (file.getFileName().toString().equals("journal.jsonl")
        && reached(Point.AFTER_JOURNAL_APPEND)) {
      halt();
    }
  }

  @Override
  public void truncate(Path file, long size) throws IOException {
    real.truncate(file, size);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    real.rename(source, target);
    if (reached(Point.AFTER_RENAME) || reached(Point.DURING_COMPACTION)) {
      halt();
    }
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    real.link(link, existing);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (reached(Point.DURING_COMPACTION)) {
      halt();
    }
    real.syncDirectory(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    if (reached(Point.DURING_COMPACTION)) {
      halt();
    }
    real.delete(file);
  }
}
