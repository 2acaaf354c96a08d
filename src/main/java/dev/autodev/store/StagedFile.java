package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file too large to build in memory, written beside its target as {@code name.tmp}, chunk by
 * chunk through the {@link StoreFileSystem} seam, made durable, and only then renamed over the
 * target. Until {@link #commit()} the target is untouched, so a crash at any point leaves either
 * the old state or a stray temp file that the next writer removes. Closing an uncommitted file
 * deletes its temp file.
 */
public final class StagedFile implements AutoCloseable {

  private final Path target;
  private final Path tmp;
  private final StoreFileSystem fs;
  private long size;
  private boolean committed;

  /** Starts a fresh temp file for {@code target}, replacing any stale one. */
  public StagedFile(Path target, StoreFileSystem fs) {
    this.target = target;
    this.tmp = StorePaths.tempOf(target);
    this.fs = fs;
    try {
      fs.write(tmp, new byte[0], false);
    } catch (IOException e) {
      throw StoreException.io(tmp, "create", e);
    }
  }

  public Path target() {
    return target;
  }

  public Path tmp() {
    return tmp;
  }

  /** Bytes written so far. */
  public long size() {
    return size;
  }

  /** Appends a chunk (not yet durable). */
  public void write(byte[] chunk) {
    try {
      fs.append(tmp, chunk, false);
      size += chunk.length;
    } catch (IOException e) {
      throw StoreException.io(tmp, "write", e);
    }
  }

  /** Makes everything written so far durable. */
  public void sync() {
    try {
      fs.append(tmp, new byte[0], true);
    } catch (IOException e) {
      throw StoreException.io(tmp, "sync", e);
    }
  }

  /**
   * Renames the (synced, verified) temp file over the target. The caller syncs the folder, after
   * all the renames that belong together.
   */
  public void commit() {
    try {
      fs.rename(tmp, target);
      committed = true;
    } catch (IOException e) {
      throw StoreException.io(target, "rename " + tmp.getFileName() + " to", e);
    }
  }

  @Override
  public void close() {
    if (!committed && Files.exists(tmp)) {
      try {
        fs.delete(tmp);
      } catch (IOException e) {
        // Left behind, the temp file is removed by the next writer of the same target.
      }
    }
  }
}
