package dev.autodev.tracker;

import dev.autodev.store.AppendOnlyFile;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.LineReader;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * history/sessions.jsonl: one checksummed line per ended session, appended by the change that ends
 * it, after that change's journal line (the commit point). Each line carries the revision of that
 * change, so recovery can tell whether a crash kept a line out and append it then. Small (one line
 * per session), so it is read from the end without an index.
 */
@Component
public class SessionLog {

  static final String KEY = "session";

  private final AppendOnlyFile file;

  SessionLog(StorePaths paths, StoreFileSystem fs) {
    this.file = new AppendOnlyFile(paths.sessionLog(), fs);
  }

  Path path() {
    return file.path();
  }

  /** The size now: the rollback point of an append. */
  long size() {
    return file.size();
  }

  /**
   * Appends records and fsyncs them. A torn last line (a crash in the middle of an earlier append)
   * is cut off first: it was never acknowledged, and the journal still holds what it was writing.
   */
  void append(List<SessionRecord> records) {
    AppendOnlyFile.Tail tail = file.readTail(line -> true);
    if (tail.torn()) {
      file.truncate(tail.tornOffset());
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (SessionRecord r : records) {
      lines.writeBytes(ChecksummedLine.frame(KEY, TrackerJson.compact(r)));
    }
    file.append(lines.toByteArray());
  }

  /** Cuts the file back to the size recorded before a failed append. */
  void rollback(long mark) {
    file.truncate(mark);
  }

  /** The revision of the newest intact line: every session ended up to it is logged. */
  long lastEndedRevision() {
    long[] last = {0};
    file.readTail(
        line -> {
          try {
            last[0] = parse(line).endedRevision();
            return true;
          } catch (RuntimeException e) {
            return false; // a damaged line: look at the one before it
          }
        });
    return last[0];
  }

  /**
   * The newest {@code limit} ended sessions, newest first. Streams the file once, keeping only the
   * newest lines; damaged lines are skipped, a torn last line (never acknowledged) is ignored.
   */
  public List<SessionRecord> newest(int limit) {
    Deque<SessionRecord> newest = new ArrayDeque<>();
    try (InputStream in = Files.newInputStream(file.path());
        LineReader reader = new LineReader(new BufferedInputStream(in, 1 << 16))) {
      byte[] line;
      while ((line = reader.next()) != null && reader.lastLineTerminated()) {
        SessionRecord r;
        try {
          r = parse(line);
        } catch (RuntimeException e) {
          continue; // damaged: the other sessions are still worth showing
        }
        newest.addFirst(r);
        if (newest.size() > limit) {
          newest.removeLast();
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw StoreException.io(file.path(), "read", e);
    }
    return List.copyOf(newest);
  }

  /** The most recently ended session. */
  public Optional<SessionRecord> latest() {
    return newest(1).stream().findFirst();
  }

  SessionRecord parse(byte[] line) {
    byte[] payload;
    try {
      payload = ChecksummedLine.payload(KEY, line);
    } catch (ChecksummedLine.Corrupt e) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, file.path(), e.getMessage());
    }
    SessionRecord r =
        TrackerJson.readVersioned(
            payload, SessionRecord.class, SessionRecord.SCHEMA_VERSION, file.path());
    if (r.sessionId() == null || r.endedAt() == null || r.endedRevision() <= 0) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE, file.path(), "session line without id, end or revision");
    }
    return r;
  }
}
