package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every write the store makes goes through this seam, so tests can fail the Nth write, fsync or
 * rename, or cut a write short, and prove that no fault loses an acknowledged change.
 */
public interface StoreFileSystem {

  /** Creates or truncates {@code file} and writes {@code data}; durable when {@code sync}. */
  void write(Path file, byte[] data, boolean sync) throws IOException;

  /** Appends {@code data} to {@code file} (created if missing); durable when {@code sync}. */
  void append(Path file, byte[] data, boolean sync) throws IOException;

  /** Cuts {@code file} to {@code size} bytes and makes that durable. */
  void truncate(Path file, long size) throws IOException;

  /** Renames atomically, replacing the target. */
  void rename(Path source, Path target) throws IOException;

  /** Makes a hard link {@code link} to {@code existing}, replacing any old {@code link}. */
  void link(Path link, Path existing) throws IOException;

  /** Flushes a directory so renames and new entries in it survive a power loss. */
  void syncDirectory(Path dir) throws IOException;

  /** Deletes a file if it exists. */
  void delete(Path file) throws IOException;
}
