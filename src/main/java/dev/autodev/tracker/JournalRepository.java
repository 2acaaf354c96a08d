package dev.autodev.tracker;

import dev.autodev.store.AppendOnlyFile;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.FileStamp;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * journal.jsonl: the append-only log of every committed change. Appending a line and fsyncing it is
 * the commit point of the write protocol; recovery replays the lines newer than the snapshot.
 */
@Component
class JournalRepository {

  static final String KEY = "entry";

  private final AppendOnlyFile file;

  JournalRepository(StorePaths paths, StoreFileSystem fs) {
    this.file = new AppendOnlyFile(paths.journal(), fs);
  }

  Path path() {
    return file.path();
  }

  long size() {
    return file.size();
  }

  FileStamp stamp() {
    return FileStamp.of(file.path());
  }

  void append(JournalEntry entry) {
    file.append(ChecksummedLine.frame(KEY, TrackerJson.compact(entry)));
  }

  void truncate(long size) {
    file.truncate(size);
  }

  /** The journal lines newer than {@code revision}, oldest first, each parsed or flagged bad. */
  Tail readAfter(long revision) {
    AppendOnlyFile.Tail tail =
        file.readTail(
            line -> {
              try {
                return parse(line).rev() <= revision;
              } catch (RuntimeException e) {
                return false; // a bad line is returned to the caller, who decides
              }
            });
    List<Line> lines = new ArrayList<>();
    long offset = tail.firstOffset();
    for (byte[] raw : tail.lines()) {
      JournalEntry entry = null;
      String problem = null;
      try {
        entry = parse(raw);
      } catch (RuntimeException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      lines.add(new Line(offset, raw, entry, problem));
      offset += raw.length + 1;
    }
    return new Tail(lines, tail.tornOffset(), tail.size());
  }

  /**
   * The newest entry that reads back intact (a torn or damaged last line is passed over), or null
   * when the file holds none.
   */
  @Nullable JournalEntry newest() {
    JournalEntry[] found = {null};
    file.readTail(
        line -> {
          if (found[0] != null) {
            return true;
          }
          try {
            found[0] = parse(line);
          } catch (RuntimeException e) {
            // a damaged line: look further back
          }
          return false;
        });
    return found[0];
  }

  JournalEntry parse(byte[] line) {
    byte[] payload;
    try {
      payload = ChecksummedLine.payload(KEY, line);
    } catch (ChecksummedLine.Corrupt e) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, file.path(), e.getMessage());
    }
    JournalEntry entry =
        TrackerJson.readVersioned(
            payload, JournalEntry.class, JournalEntry.SCHEMA_VERSION, file.path());
    if (entry.rev() <= 0 || entry.delta() == null || entry.at() == null) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE, file.path(), "journal entry without rev, at or delta");
    }
    return entry;
  }

  /** One journal line at a byte offset: its entry, or the reason it could not be read. */
  static final class Line {
    private final long offset;
    private final byte[] raw;
    private final @Nullable JournalEntry entry;
    private final @Nullable String problem;

    Line(long offset, byte[] raw, @Nullable JournalEntry entry, @Nullable String problem) {
      this.offset = offset;
      this.raw = raw.clone();
      this.entry = entry;
      this.problem = problem;
    }

    long offset() {
      return offset;
    }

    byte[] raw() {
      return raw.clone();
    }

    @Nullable JournalEntry entry() {
      return entry;
    }

    @Nullable String problem() {
      return problem;
    }
  }

  /** The newest journal lines, where a torn last line starts (-1 if none), and the file size. */
  record Tail(List<Line> lines, long tornOffset, long size) {}
}
