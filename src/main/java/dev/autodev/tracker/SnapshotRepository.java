package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
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
   * Writes memory.json (when the memory changed; it is the authority, so it goes first) and then
   * current.json. On failure both files are put back as they were and the error is rethrown.
   */
  void write(TrackerState state, boolean memoryChanged) {
    boolean memoryBackedUp = false;
    if (memoryChanged) {
      byte[] memory = TrackerJson.pretty(MemoryFile.of(state.memory(), state.revision()));
      try {
        memoryBackedUp =
            writer.replace(
                paths.memory(), memory, bytes -> parseMemory(bytes, paths.memory()), true);
      } catch (AtomicFileWriter.ReplaceFailed e) {
        // Only memory.json was touched: current.json still holds the previous change.
        if (e.replaced()) {
          writer.rollBack(paths.memory(), e.backedUp());
        }
        throw e;
      }
    }
    byte[] current = TrackerJson.pretty(CurrentFile.of(state));
    try {
      writer.replace(paths.current(), current, bytes -> parseCurrent(bytes, paths.current()), true);
    } catch (AtomicFileWriter.ReplaceFailed e) {
      if (e.replaced()) {
        writer.rollBack(paths.current(), e.backedUp());
      }
      if (memoryChanged) {
        writer.rollBack(paths.memory(), memoryBackedUp);
      }
      throw e;
    }
  }

  /** Reads and validates one snapshot file; the outcome says whether it was missing or bad. */
  Read<TrackerState> readCurrent(Path file) {
    byte[] bytes = readBytes(file);
    if (bytes == null) {
      return Read.absent();
    }
    try {
      return Read.ok(parseCurrent(bytes, file));
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
      return Read.ok(parseMemory(bytes, paths.memory()).toMemory());
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      return Read.bad(e.getMessage());
    }
  }

  static TrackerState parseCurrent(byte[] bytes, Path file) {
    CurrentFile doc =
        TrackerJson.readVersioned(bytes, CurrentFile.class, CurrentFile.SCHEMA_VERSION, file);
    StateValidator.validate(doc, file);
    return doc.toState();
  }

  static MemoryFile parseMemory(byte[] bytes, Path file) {
    MemoryFile doc =
        TrackerJson.readVersioned(bytes, MemoryFile.class, MemoryFile.SCHEMA_VERSION, file);
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

  /** The outcome of reading one file: a value, missing, or bad with the reason. */
  record Read<T>(@Nullable T value, boolean missing, @Nullable String problem) {
    static <T> Read<T> ok(T value) {
      return new Read<>(value, false, null);
    }

    static <T> Read<T> absent() {
      return new Read<>(null, true, null);
    }

    static <T> Read<T> bad(@Nullable String problem) {
      return new Read<>(null, false, problem == null ? "unreadable" : problem);
    }
  }
}
