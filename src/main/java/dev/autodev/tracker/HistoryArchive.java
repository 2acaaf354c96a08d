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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;

/**
 * The archive of finished tasks: {@code history/YYYY-MM.jsonl}, one checksummed line per archived
 * record, by the month the task was archived. Read newest first, one segment at a time, so the
 * whole history is never in memory.
 */
@Component
public class HistoryArchive {

  static final String KEY = "record";

  private static final Pattern SEGMENT = Pattern.compile("\\d{4}-\\d{2}(\\.\\d+)?\\.jsonl(\\.gz)?");
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  private final StorePaths paths;
  private final StoreFileSystem fs;

  HistoryArchive(StorePaths paths, StoreFileSystem fs) {
    this.paths = paths;
    this.fs = fs;
  }

  /** Each segment these records go to, with its size now: the rollback point of an append. */
  Map<Path, Long> marksFor(List<ArchivedTask> records) {
    Map<Path, Long> marks = new LinkedHashMap<>();
    for (ArchivedTask r : records) {
      Path segment = segmentFor(r);
      marks.computeIfAbsent(segment, p -> new AppendOnlyFile(p, fs).size());
    }
    return marks;
  }

  /** Appends records to their month's segment and fsyncs them. */
  void append(List<ArchivedTask> records) {
    Map<Path, ByteArrayOutputStream> bySegment = new LinkedHashMap<>();
    for (ArchivedTask r : records) {
      bySegment
          .computeIfAbsent(segmentFor(r), k -> new ByteArrayOutputStream())
          .writeBytes(ChecksummedLine.frame(KEY, TrackerJson.compact(r)));
    }
    for (Map.Entry<Path, ByteArrayOutputStream> e : bySegment.entrySet()) {
      new AppendOnlyFile(e.getKey(), fs).append(e.getValue().toByteArray());
    }
  }

  private Path segmentFor(ArchivedTask r) {
    return paths.historyDir().resolve(MONTH.format(r.archivedAt()) + ".jsonl");
  }

  /** Cuts segments back to the sizes recorded before a failed append. */
  void rollback(Map<Path, Long> marks) {
    for (Map.Entry<Path, Long> e : marks.entrySet()) {
      new AppendOnlyFile(e.getKey(), fs).truncate(e.getValue());
    }
  }

  /** The highest archived_revision in history: archives up to it already happened. */
  long lastArchivedRevision() {
    for (Path segment : segmentsNewestFirst()) {
      if (segment.getFileName().toString().endsWith(".gz")) {
        long[] max = {0};
        scan(
            segment,
            r -> {
              max[0] = Math.max(max[0], r.archivedRevision());
              return false;
            });
        return max[0];
      }
      // Records are appended in revision order: the newest intact line holds the highest.
      long[] last = {-1};
      new AppendOnlyFile(segment, fs)
          .readTail(
              line -> {
                try {
                  last[0] = parse(line, segment).archivedRevision();
                  return true;
                } catch (RuntimeException e) {
                  return false; // a damaged line: look at the one before it
                }
              });
      if (last[0] >= 0) {
        return last[0];
      }
    }
    return 0;
  }

  /** The newest record of a task, open segments and compressed ones alike. */
  Optional<ArchivedTask> findLatest(UUID id) {
    for (Path segment : segmentsNewestFirst()) {
      ArchivedTask[] found = {null};
      scan(
          segment,
          r -> {
            if (r.task().id().equals(id)) {
              found[0] = r;
            }
            return false;
          });
      if (found[0] != null) {
        return Optional.of(found[0]);
      }
    }
    return Optional.empty();
  }

  /** Ids of archived tasks whose id starts with {@code prefix}, at most {@code limit}. */
  List<UUID> idsWithPrefix(String prefix, int limit) {
    List<UUID> ids = new ArrayList<>();
    for (Path segment : segmentsNewestFirst()) {
      scan(
          segment,
          r -> {
            UUID id = r.task().id();
            if (id.toString().startsWith(prefix) && !ids.contains(id)) {
              ids.add(id);
            }
            return ids.size() >= limit;
          });
      if (ids.size() >= limit) {
        break;
      }
    }
    return ids;
  }

  /** The newest {@code limit} records matching {@code filter}, newest first. */
  public List<ArchivedTask> newest(int limit, Predicate<ArchivedTask> filter) {
    List<ArchivedTask> result = new ArrayList<>();
    for (Path segment : segmentsNewestFirst()) {
      List<ArchivedTask> inSegment = new ArrayList<>();
      scan(
          segment,
          r -> {
            if (filter.test(r)) {
              inSegment.add(r);
              if (inSegment.size() > limit) {
                inSegment.remove(0);
              }
            }
            return false;
          });
      for (int i = inSegment.size() - 1; i >= 0 && result.size() < limit; i--) {
        result.add(inSegment.get(i));
      }
      if (result.size() >= limit) {
        break;
      }
    }
    return result;
  }

  /** Segment files, newest first by name. */
  List<Path> segmentsNewestFirst() {
    List<Path> segments = new ArrayList<>();
    if (!Files.isDirectory(paths.historyDir())) {
      return segments;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.historyDir())) {
      for (Path p : dir) {
        if (SEGMENT.matcher(p.getFileName().toString()).matches()) {
          segments.add(p);
        }
      }
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "list", e);
    }
    segments.sort(Comparator.comparing((Path p) -> segmentKey(p)).reversed());
    return segments;
  }

  private static String segmentKey(Path p) {
    String name = p.getFileName().toString();
    String base = name.substring(0, name.indexOf(".jsonl"));
    int dot = base.indexOf('.');
    String month = dot < 0 ? base : base.substring(0, dot);
    int part = dot < 0 ? 0 : Integer.parseInt(base.substring(dot + 1));
    return month + String.format("%06d", part);
  }

  /**
   * Streams one segment's intact records in file order until {@code stop} returns true; damaged
   * lines are skipped here (verify and repair report them).
   */
  void scan(Path segment, Predicate<ArchivedTask> stop) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(segment), 1 << 16);
        InputStream in =
            segment.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : raw;
        LineReader reader = new LineReader(in)) {
      byte[] line;
      while ((line = reader.next()) != null) {
        if (!reader.lastLineTerminated()) {
          break; // a torn last line was never acknowledged
        }
        ArchivedTask record;
        try {
          record = parse(line, segment);
        } catch (RuntimeException e) {
          continue;
        }
        if (stop.test(record)) {
          return;
        }
      }
    } catch (IOException e) {
      throw StoreException.io(segment, "read", e);
    }
  }

  static ArchivedTask parse(byte[] line, Path segment) {
    byte[] payload;
    try {
      payload = ChecksummedLine.payload(KEY, line);
    } catch (ChecksummedLine.Corrupt e) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, segment, e.getMessage());
    }
    ArchivedTask r =
        TrackerJson.readVersioned(
            payload, ArchivedTask.class, ArchivedTask.SCHEMA_VERSION, segment);
    if (r.task() == null) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, segment, "record without task");
    }
    StateValidator.validateTask(r.task(), segment);
    return r;
  }
}
