package dev.autodev.tracker;

import dev.autodev.store.AppendOnlyFile;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.GzipMembers;
import dev.autodev.store.LineReader;
import dev.autodev.store.ReverseLineReader;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The archive of finished tasks: {@code history/YYYY-MM[.N].jsonl}, one checksummed line per
 * archived record, by the month the task was archived; a month rolls to a new part when its segment
 * reaches {@code autodev.history.segment-max-size}. Closed segments may be compressed ({@code
 * .jsonl.gz} made of independent gzip members, with a sidecar {@code .idx} that maps them: see
 * {@link SegmentIndex}); this class reads both kinds. Read newest first, a block at a time, so the
 * whole history is never in memory.
 *
 * <p>A segment is <em>closed</em> once a newer segment exists, its month is over, or it reached the
 * size limit: appends never go to a closed segment, nor to a month before the newest segment's, so
 * a backwards clock cannot reopen what compaction may be compressing.
 */
@Component
public class HistoryArchive {

  static final String KEY = "record";

  private static final int PLAIN_BLOCK_BYTES = 1 << 20;
  private static final int CACHED_INDEXES = 8;

  private final StorePaths paths;
  private final StoreFileSystem fs;
  private final long segmentMaxBytes;
  private final Map<Path, SegmentIndex> indexes =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, SegmentIndex> eldest) {
              return size() > CACHED_INDEXES;
            }
          });

  HistoryArchive(StorePaths paths, StoreFileSystem fs, ArchiveProperties properties) {
    this.paths = paths;
    this.fs = fs;
    this.segmentMaxBytes = properties.segmentMaxSize().toBytes();
  }

  public Path directory() {
    return paths.historyDir();
  }

  /** The size at which a segment is closed and the next part of its month begins. */
  public long segmentMaxBytes() {
    return segmentMaxBytes;
  }

  // ---------------------------------------------------------------- listing

  /**
   * Every segment file, oldest first. Both files of one segment appear when a compaction was
   * interrupted between creating the compressed copy and removing the plain one.
   */
  public List<Segment> files() {
    List<Segment> segments = new ArrayList<>();
    if (!Files.isDirectory(paths.historyDir())) {
      return segments;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.historyDir(), "*.jsonl*")) {
      for (Path p : dir) {
        if (Segment.of(p, 0).isEmpty()) {
          continue; // a rotated journal segment, a sidecar, a temp file
        }
        try {
          segments.add(Segment.of(p, Files.size(p)).orElseThrow());
        } catch (NoSuchFileException e) {
          // removed by a compaction while we listed
        }
      }
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "list", e);
    }
    segments.sort(Segment.ORDER.thenComparing(Segment::compressed));
    return segments;
  }

  /**
   * The segments to read, oldest first, one file each. When both files of a segment exist (an
   * interrupted compaction), the plain one is read: it is the original, and the compressed copy is
   * removed or completed by the next compaction.
   */
  public List<Segment> segments() {
    List<Segment> all = files();
    List<Segment> result = new ArrayList<>(all.size());
    for (Segment s : all) {
      if (!result.isEmpty() && result.get(result.size() - 1).sameSegment(s)) {
        continue; // sorted plain before compressed: keep the plain one
      }
      result.add(s);
    }
    return result;
  }

  /** Whether appends can no longer reach this segment (see the class comment). */
  public boolean isClosed(Segment segment, List<Segment> files, YearMonth now) {
    if (segment.compressed()
        || segment.size() >= segmentMaxBytes
        || segment.month().isBefore(now)) {
      return true;
    }
    for (Segment other : files) {
      if (Segment.ORDER.compare(other, segment) > 0) {
        return true;
      }
      if (other.sameSegment(segment) && other.compressed()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- appending (under the lock)

  /** The segment a change archived at {@code at} appends to. */
  Path targetFor(Instant at) {
    List<Segment> files = files();
    YearMonth month = YearMonth.from(at.atZone(ZoneOffset.UTC));
    if (files.isEmpty()) {
      return paths.historyDir().resolve(Segment.base(month, 0) + ".jsonl");
    }
    Segment newest = files.get(files.size() - 1);
    if (newest.month().isAfter(month)) {
      month = newest.month(); // never back to an older month: it may be closed or compressed
    }
    if (!newest.month().equals(month)) {
      return paths.historyDir().resolve(Segment.base(month, 0) + ".jsonl");
    }
    boolean compressed = false;
    long plainSize = 0;
    for (Segment s : files) {
      if (s.sameSegment(newest)) {
        compressed |= s.compressed();
        plainSize = s.compressed() ? plainSize : s.size();
      }
    }
    if (!compressed && plainSize < segmentMaxBytes) {
      return newest.plainPath();
    }
    return paths.historyDir().resolve(Segment.base(month, newest.part() + 1) + ".jsonl");
  }

  /** The segment these records go to, with its size now: the rollback point of an append. */
  Map<Path, Long> marksFor(List<ArchivedTask> records) {
    if (records.isEmpty()) {
      return Map.of();
    }
    Path target = targetFor(records.get(0).archivedAt());
    repairTornTail(target);
    return Map.of(target, new AppendOnlyFile(target, fs).size());
  }

  /**
   * Appends records (all from one change, so archived at the same moment) to their segment and
   * fsyncs them.
   */
  void append(List<ArchivedTask> records) {
    if (records.isEmpty()) {
      return;
    }
    Path target = targetFor(records.get(0).archivedAt());
    repairTornTail(target);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (ArchivedTask r : records) {
      lines.writeBytes(ChecksummedLine.frame(KEY, TrackerJson.compact(r)));
    }
    new AppendOnlyFile(target, fs).append(lines.toByteArray());
  }

  /**
   * Cuts a torn last line off a segment before appending to it. It was never acknowledged (the
   * change it belonged to is replayed from the journal), and a line appended after it would merge
   * with it into one unreadable line.
   */
  private void repairTornTail(Path segment) {
    AppendOnlyFile file = new AppendOnlyFile(segment, fs);
    if (file.size() == 0) {
      return;
    }
    AppendOnlyFile.Tail tail = file.readTail(line -> true);
    if (tail.torn()) {
      file.truncate(tail.tornOffset());
    }
  }

  /** Cuts segments back to the sizes recorded before a failed append. */
  void rollback(Map<Path, Long> marks) {
    for (Map.Entry<Path, Long> e : marks.entrySet()) {
      new AppendOnlyFile(e.getKey(), fs).truncate(e.getValue());
    }
  }

  // ---------------------------------------------------------------- segment indexes and blocks

  /**
   * The index of a segment: a compressed segment's sidecar when it still describes the file, else
   * one built by reading the segment (not persisted here: compaction and the history maintenance
   * write sidecars). A few recent indexes are cached; a plain segment that grew is indexed from
   * where its cached index ended.
   */
  public SegmentIndex index(Segment segment) {
    Path path = segment.path();
    SegmentIndex cached = indexes.get(path);
    if (cached != null && cached.describes(path)) {
      return cached;
    }
    SegmentIndex built;
    if (segment.compressed()) {
      built = sidecarOf(segment).orElseGet(() -> indexCompressed(segment));
    } else {
      built = indexPlain(segment, cached);
    }
    indexes.put(path, built);
    return built;
  }

  /** The sidecar of a compressed segment, if it exists, reads and describes the file as it is. */
  public Optional<SegmentIndex> sidecarOf(Segment segment) {
    Path sidecar = segment.sidecarPath();
    if (!segment.compressed() || !Files.exists(sidecar)) {
      return Optional.empty();
    }
    try {
      SegmentIndex idx = SegmentIndex.read(sidecar);
      if (idx.header().segment().equals(segment.fileName()) && idx.describes(segment.path())) {
        return Optional.of(idx);
      }
      return Optional.empty();
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      return Optional.empty(); // damaged: rebuilt from the segment
    }
  }

  /** Indexes a compressed segment by decompressing it member by member. */
  public SegmentIndex indexCompressed(Segment segment) {
    Path path = segment.path();
    SegmentIndex.Builder builder = new SegmentIndex.Builder(segment.fileName());
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    long[] plain = {0};
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      GzipMembers.forEach(
          in,
          path,
          (offset, length, content) -> {
            builder.startBlock(offset);
            SegmentLines lines = SegmentLines.split(content);
            for (int i = 0; i < lines.size(); i++) {
              builder.add(lines.terminated(i) ? tryParse(lines.all().get(i), path) : null);
            }
            builder.endBlock(length);
            crc.update(content);
            plain[0] += content.length;
          });
      long size = Files.size(path);
      return builder.build(
          size,
          SegmentIndex.fingerprint(path, size),
          plain[0],
          java.util.HexFormat.of().toHexDigits((int) crc.getValue()));
    } catch (NoSuchFileException e) {
      throw new SegmentVanishedException(path);
    } catch (IOException e) {
      throw StoreException.io(path, "index", e);
    }
  }

  private SegmentIndex indexPlain(Segment segment, @Nullable SegmentIndex previous) {
    Path path = segment.path();
    try {
      long size = Files.size(path);
      long from = 0;
      SegmentIndex.Builder builder;
      if (previous != null
          && previous.header().segmentBytes() <= size
          && previous.header().segmentBytes() > 0
          && SegmentIndex.fingerprint(path, previous.header().segmentBytes())
              .equals(previous.header().segmentFingerprint())) {
        from = previous.header().segmentBytes();
        builder = SegmentIndex.Builder.continuing(previous);
      } else {
        builder = new SegmentIndex.Builder(segment.fileName());
      }
      long end = indexPlainFrom(path, from, size, builder);
      return builder.build(end, end == 0 ? "" : SegmentIndex.fingerprint(path, end), end, "");
    } catch (NoSuchFileException e) {
      throw new SegmentVanishedException(path);
    } catch (IOException e) {
      throw StoreException.io(path, "index", e);
    }
  }

  /** Indexes complete lines from {@code from} in blocks of about 1 MiB; returns where they end. */
  private long indexPlainFrom(Path path, long from, long size, SegmentIndex.Builder builder)
      throws IOException {
    long pos = from;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (pos < size) {
        int want = (int) Math.min(PLAIN_BLOCK_BYTES, size - pos);
        byte[] chunk = readFully(ch, pos, want);
        int end = lastNewline(chunk) + 1;
        if (end == 0) {
          if (want < size - pos) {
            // One line longer than a block: read on to its end.
            want = (int) Math.min(Integer.MAX_VALUE - 8, size - pos);
            chunk = readFully(ch, pos, want);
            end = lastNewline(chunk) + 1;
          }
          if (end == 0) {
            break; // only a torn tail is left
          }
        }
        builder.startBlock(pos);
        SegmentLines lines = SegmentLines.split(java.util.Arrays.copyOf(chunk, end));
        for (byte[] line : lines.all()) {
          builder.add(tryParse(line, path));
        }
        builder.endBlock(end);
        pos += end;
      }
    }
    return pos;
  }

  private static byte[] readFully(FileChannel ch, long pos, int length) throws IOException {
    byte[] bytes = new byte[length];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      if (ch.read(buffer, pos + buffer.position()) < 0) {
        return java.util.Arrays.copyOf(bytes, buffer.position());
      }
    }
    return bytes;
  }

  private static int lastNewline(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The lines of one block of a segment, in file order. */
  public SegmentLines lines(Segment segment, SegmentIndex.Block block) {
    return SegmentLines.split(content(segment, block));
  }

  /** The plain bytes of one block of a segment (decompressed when the segment is compressed). */
  public byte[] content(Segment segment, SegmentIndex.Block block) {
    Path path = segment.path();
    try {
      if (segment.compressed()) {
        return GzipMembers.read(path, block.offset(), block.length());
      }
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        return readFully(ch, block.offset(), block.length());
      }
    } catch (NoSuchFileException e) {
      throw new SegmentVanishedException(path);
    } catch (IOException e) {
      throw StoreException.io(path, "read", e);
    }
  }

  // ---------------------------------------------------------------- lookups

  /** The highest archived_revision in history: archives up to it already happened. */
  long lastArchivedRevision() {
    List<Segment> segments = segments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      Segment segment = segments.get(i);
      if (segment.compressed()) {
        SegmentSummary summary = index(segment).summary();
        if (summary.records() > 0) {
          return summary.maxRevision();
        }
        continue;
      }
      // Records are appended in revision order: the newest intact line holds the highest.
      try (ReverseLineReader reader = new ReverseLineReader(segment.path())) {
        byte[] line;
        while ((line = reader.previous()) != null) {
          ArchivedTask r = tryParse(line, segment.path());
          if (r != null) {
            return r.archivedRevision();
          }
        }
      } catch (NoSuchFileException e) {
        return lastArchivedRevision(); // compacted while we looked: look again
      } catch (IOException e) {
        throw StoreException.io(segment.path(), "read", e);
      }
    }
    return 0;
  }

  /** The newest record of a task, open segments and compressed ones alike. */
  public Optional<ArchivedTask> findLatest(UUID id) {
    byte[] needle = ("\"id\":\"" + id + "\"").getBytes(StandardCharsets.US_ASCII);
    List<Segment> segments = segments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      Segment segment = segments.get(i);
      Optional<ArchivedTask> found =
          segment.compressed()
              ? findInIndexed(segment, id)
              : findInPlain(segment, needle, r -> r.task().id().equals(id));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The newest record of each of many tasks in one pass, newest segment first, stopping once all
   * are found: graph queries use it instead of one lookup per dependency edge. Ids never archived
   * are absent from the result.
   */
  public Map<UUID, ArchivedTask> findLatest(Set<UUID> ids) {
    Map<UUID, ArchivedTask> found = new HashMap<>();
    List<Segment> segments = segments();
    for (int i = segments.size() - 1; i >= 0 && found.size() < ids.size(); i--) {
      Segment segment = segments.get(i);
      if (segment.compressed()) {
        SegmentIndex idx = index(segment);
        for (int r = idx.recordCount() - 1; r >= 0 && found.size() < ids.size(); r--) {
          UUID id = idx.id(r);
          if (ids.contains(id) && !found.containsKey(id) && !idx.damaged(r)) {
            SegmentIndex.Block block = idx.blockOf(r);
            ArchivedTask record =
                tryParse(lines(segment, block).all().get(r - block.firstRecord()), segment.path());
            if (record != null) {
              found.put(id, record);
            }
          }
        }
      } else {
        findAllInPlain(segment, ids, found);
      }
    }
    return found;
  }

  /** Reads a plain segment backwards, parsing only the lines whose task id is wanted. */
  private void findAllInPlain(Segment segment, Set<UUID> ids, Map<UUID, ArchivedTask> found) {
    byte[] marker = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    try (ReverseLineReader reader = new ReverseLineReader(segment.path())) {
      byte[] line;
      while (found.size() < ids.size() && (line = reader.previous()) != null) {
        // The first "id" of a record line is its task's id (nothing before "task" has one).
        int at = indexOf(line, marker);
        if (at < 0 || at + marker.length + 36 > line.length) {
          continue;
        }
        UUID id;
        try {
          id = UUID.fromString(new String(line, at + marker.length, 36, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
          continue; // a damaged line; scans skip it too
        }
        if (!ids.contains(id) || found.containsKey(id)) {
          continue;
        }
        ArchivedTask r = tryParse(line, segment.path());
        if (r != null && r.task().id().equals(id)) {
          found.put(id, r);
        }
      }
    } catch (NoSuchFileException e) {
      // compacted meanwhile: its records are in the compressed copy, read next
    } catch (IOException e) {
      throw StoreException.io(segment.path(), "read", e);
    }
  }

  private Optional<ArchivedTask> findInIndexed(Segment segment, UUID id) {
    SegmentIndex idx = index(segment);
    for (int r = idx.recordCount() - 1; r >= 0; r--) {
      if (idx.idEquals(r, id) && !idx.damaged(r)) {
        SegmentIndex.Block block = idx.blockOf(r);
        byte[] line = lines(segment, block).all().get(r - block.firstRecord());
        return Optional.ofNullable(tryParse(line, segment.path()));
      }
    }
    return Optional.empty();
  }

  /** The newest record of a plain segment whose line holds {@code needle} and that matches. */
  private Optional<ArchivedTask> findInPlain(
      Segment segment, byte[] needle, Predicate<ArchivedTask> match) {
    try (ReverseLineReader reader = new ReverseLineReader(segment.path())) {
      byte[] line;
      while ((line = reader.previous()) != null) {
        if (indexOf(line, needle) < 0) {
          continue;
        }
        ArchivedTask r = tryParse(line, segment.path());
        if (r != null && match.test(r)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty(); // compacted meanwhile; the caller's next look finds the copy
    } catch (IOException e) {
      throw StoreException.io(segment.path(), "read", e);
    }
  }

  /** Ids of archived tasks whose id starts with {@code prefix}, at most {@code limit}. */
  List<UUID> idsWithPrefix(String prefix, int limit) {
    IdPrefix match = IdPrefix.of(prefix);
    Set<UUID> ids = new LinkedHashSet<>();
    if (match == null) {
      return List.of();
    }
    byte[] needle = ("\"id\":\"" + prefix).getBytes(StandardCharsets.US_ASCII);
    List<Segment> segments = segments();
    for (int i = segments.size() - 1; i >= 0 && ids.size() < limit; i--) {
      Segment segment = segments.get(i);
      if (segment.compressed()) {
        SegmentIndex idx = index(segment);
        for (int r = idx.recordCount() - 1; r >= 0 && ids.size() < limit; r--) {
          if (!idx.damaged(r) && match.matches(idx.idMsb(r), idx.idLsb(r))) {
            ids.add(idx.id(r));
          }
        }
      } else {
        scanPlainLines(
            segment,
            line -> {
              if (indexOf(line, needle) >= 0) {
                ArchivedTask r = tryParse(line, segment.path());
                if (r != null && r.task().id().toString().startsWith(prefix)) {
                  ids.add(r.task().id());
                }
              }
              return ids.size() >= limit;
            });
      }
    }
    return List.copyOf(ids);
  }

  /** The newest {@code limit} records matching {@code filter}, newest first. */
  public List<ArchivedTask> newest(int limit, Predicate<ArchivedTask> filter) {
    List<ArchivedTask> result = new ArrayList<>();
    List<Segment> segments = segments();
    for (int i = segments.size() - 1; i >= 0 && result.size() < limit; i--) {
      Segment segment = segments.get(i);
      if (segment.compressed()) {
        SegmentIndex idx = index(segment);
        for (int b = idx.blockCount() - 1; b >= 0 && result.size() < limit; b--) {
          SegmentLines lines = lines(segment, idx.block(b));
          for (int l = lines.size() - 1; l >= 0 && result.size() < limit; l--) {
            ArchivedTask r =
                lines.terminated(l) ? tryParse(lines.all().get(l), segment.path()) : null;
            if (r != null && filter.test(r)) {
              result.add(r);
            }
          }
        }
      } else {
        try (ReverseLineReader reader = new ReverseLineReader(segment.path())) {
          byte[] line;
          while (result.size() < limit && (line = reader.previous()) != null) {
            ArchivedTask r = tryParse(line, segment.path());
            if (r != null && filter.test(r)) {
              result.add(r);
            }
          }
        } catch (NoSuchFileException e) {
          return newest(limit, filter); // compacted while we read: read the new layout
        } catch (IOException e) {
          throw StoreException.io(segment.path(), "read", e);
        }
      }
    }
    return result;
  }

  private void scanPlainLines(Segment segment, Predicate<byte[]> stop) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(segment.path()), 1 << 16);
        LineReader reader = new LineReader(in)) {
      byte[] line;
      while ((line = reader.next()) != null && reader.lastLineTerminated()) {
        if (stop.test(line)) {
          return;
        }
      }
    } catch (NoSuchFileException e) {
      // compacted meanwhile: what it held is now in the compressed copy
    } catch (IOException e) {
      throw StoreException.io(segment.path(), "read", e);
    }
  }

  /** Reads a segment's lines, plain or gzip (one or many members), from the start. */
  static LineReader segmentLines(Path segment) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(segment), 1 << 16);
    if (!segment.getFileName().toString().endsWith(".gz")) {
      return new LineReader(raw);
    }
    try {
      return new LineReader(new GZIPInputStream(raw, 1 << 16));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Streams one segment's intact records in file order until {@code stop} returns true; damaged
   * lines are skipped here (verify and repair report them).
   */
  public void scan(Path segment, Predicate<ArchivedTask> stop) {
    try (LineReader reader = segmentLines(segment)) {
      byte[] line;
      while ((line = reader.next()) != null) {
        if (!reader.lastLineTerminated()) {
          break; // a torn last line was never acknowledged
        }
        ArchivedTask record = tryParse(line, segment);
        if (record != null && stop.test(record)) {
          return;
        }
      }
    } catch (NoSuchFileException e) {
      throw new SegmentVanishedException(segment);
    } catch (IOException e) {
      throw StoreException.io(segment, "read", e);
    }
  }

  /** The record on a line, or null when the line is damaged. */
  public static @Nullable ArchivedTask tryParse(byte[] line, Path segment) {
    try {
      return parse(line, segment);
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static ArchivedTask parse(byte[] line, Path segment) {
    byte[] payload;
    try {
      payload = ChecksummedLine.payload(KEY, line);
    } catch (ChecksummedLine.Corrupt e) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, segment, e.getMessage());
    }
    ArchivedTask r =
        TrackerJson.readVersionedFast(
            payload,
            ArchivedTask.class,
            ArchivedTask::schemaVersion,
            ArchivedTask.SCHEMA_VERSION,
            segment);
    if (r.task() == null || r.archivedAt() == null) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE, segment, "record without task or archived_at");
    }
    StateValidator.validateTask(r.task(), segment);
    return r;
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    int last = haystack.length - needle.length;
    byte first = needle[0];
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A segment was removed (compacted) between listing the folder and reading it. */
  public static final class SegmentVanishedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public SegmentVanishedException(Path segment) {
      super(
          StoreErrorCode.IO_ERROR,
          segment,
          segment + " was compacted while being read; read the history again");
    }
  }
}
