package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * current.json and memory.json: written atomically with the previous version kept as {@code .bak},
 * validated before they replace anything, and read back with their invariants checked.
 */
@Component
class SnapshotRepository {

  private final StorePaths paths;
  private final AtomicFileWriter writer;

  SnapshotRepository(StorePaths paths, AtomicFileWriter writer) {
    this.paths = paths;
    this.writer = writer;
  }

  /**
   * Writes memory.json (when the memory changed) and then current.json. Their backups move forward
   * only once both are in place: on failure both files are put back as they were and both {@code
   * .bak} files are left untouched, and the error is rethrown.
   */
  void write(TrackerState state, boolean memoryChanged) {
    AtomicFileWriter.Replacement memory = null;
    if (memoryChanged) {
      byte[] bytes = memoryBytes(state);
      // A failure here leaves memory.json as it was; current.json still holds the previous change.
      memory = writer.replace(paths.memory(), bytes, b -> parseMemory(b, paths.memory()), true);
    }
    byte[] current = currentBytes(state);
    AtomicFileWriter.Replacement replaced;
    try {
      replaced =
          writer.replace(paths.current(), current, b -> parseCurrent(b, paths.current()), true);
    } catch (StoreException e) {
      if (memory != null) {
        try {
          memory.rollBack();
        } catch (StoreException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      throw e;
    }
    if (memory != null) {
      memory.commit();
    }
    replaced.commit();
  }

  /** Reads and validates one snapshot file; the outcome says whether it was missing or bad. */
  Read<TrackerState> readCurrent(Path file) {
    byte[] bytes = readBytes(file);
    if (bytes == null) {
      return Read.absent();
    }
    try {
      CurrentFile doc = parseCurrentFile(bytes, file);
      return Read.ok(doc.toState(), doc.schemaVersion() < CurrentFile.SCHEMA_VERSION);
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      return Read.bad(e.getMessage());
    }
  }

  Read<Memory> readMemory() {
    byte[] bytes = readBytes(paths.memory());
    if (bytes == null) {
      return Read.absent();
    }
    try {
      MemoryFile doc = parseMemory(bytes, paths.memory());
      return Read.ok(doc.toMemory(), doc.schemaVersion() < MemoryFile.SCHEMA_VERSION);
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      return Read.bad(e.getMessage());
    }
  }

  /** current.json's bytes for a state: indented JSON, sealed with its checksum. */
  static byte[] currentBytes(TrackerState state) {
    return ChecksummedDocument.seal(TrackerJson.pretty(CurrentFile.of(state)));
  }

  /** memory.json's bytes for a state's memory, sealed with its checksum. */
  static byte[] memoryBytes(TrackerState state) {
    return ChecksummedDocument.seal(
        TrackerJson.pretty(MemoryFile.of(state.memory(), state.revision())));
  }

  static TrackerState parseCurrent(byte[] bytes, Path file) {
    return parseCurrentFile(bytes, file).toState();
  }

  private static CurrentFile parseCurrentFile(byte[] bytes, Path file) {
    CurrentFile doc =
        TrackerJson.readSnapshot(bytes, CurrentFile.class, CurrentFile.SCHEMA_VERSION, file);
    StateValidator.validate(doc, file);
    return doc;
  }

  static MemoryFile parseMemory(byte[] bytes, Path file) {
    MemoryFile doc =
        TrackerJson.readSnapshot(bytes, MemoryFile.class, MemoryFile.SCHEMA_VERSION, file);
    StateValidator.validate(doc, file);
    return doc;
  }

  /** A store file's bytes, or null when it does not exist. */
  static byte @Nullable [] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw StoreException.io(file, "read", e);
    }
  }

  /**
   * The outcome of reading one file: a value, missing, or bad with the reason. {@code outdated}:
   * the value read is good but in an older format the next save rewrites.
   */
  record Read<T>(@Nullable T value, boolean missing, @Nullable String problem, boolean outdated) {
    static <T> Read<T> ok(T value, boolean outdated) {
      return new Read<>(value, false, null, outdated);
    }

    static <T> Read<T> absent() {
      return new Read<>(null, true, null, false);
    }

    static <T> Read<T> bad(@Nullable String problem) {
      return new Read<>(null, false, problem == null ? "unreadable" : problem, false);
    }
  }
}
