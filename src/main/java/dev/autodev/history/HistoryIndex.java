package dev.autodev.history;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.FileStamp;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.tracker.HistoryArchive;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SegmentIndex;
import dev.autodev.tracker.SegmentSummary;
import dev.autodev.tracker.TrackerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code history/index.json}: one entry per segment with its record count, first and last created
 * and finished times, duration range, counts by status, and the records that supersede a retried
 * task's older ones. A query reads it to skip whole segments without opening them.
 *
 * <p>It is derived data and never trusted blindly: every entry is checked against its segment's
 * size and fingerprint (the CRC-32C of the file's last 4 KiB) before use; an entry that is missing
 * or wrong is recomputed from the segment (a compressed one's sidecar, or the records), and the
 * corrected index is written back by the history maintenance, never on a request thread. A damaged
 * index.json is rebuilt; one written by a newer auto-dev is refused.
 */
@Component
class HistoryIndex {

  static final int SCHEMA_VERSION = 1;

  /** index.json. */
  record IndexFile(int schemaVersion, List<Entry> segments) {}

  /** What index.json says about one segment file, with the size and fingerprint it was taken at. */
  record Entry(String file, long bytes, String fingerprint, SegmentSummary summary) {}

  /** The validated index of the history as it is now. */
  static final class View {
    private final List<Segment> segments;
    private final Map<String, Entry> entries;
    private final List<Entry> vanished;
    private final Map<UUID, Long> supersededBelow;
    private final boolean stale;

    View(
        List<Segment> segments,
        Map<String, Entry> entries,
        List<Entry> vanished,
        Map<UUID, Long> supersededBelow,
        boolean stale) {
      this.segments = segments;
      this.entries = entries;
      this.vanished = List.copyOf(vanished);
      this.supersededBelow = supersededBelow;
      this.stale = stale;
    }

    /** Segments, oldest first. */
    List<Segment> segments() {
      return segments;
    }

    SegmentSummary summary(Segment s) {
      Entry e = entries.get(s.fileName());
      return e == null ? SegmentSummary.EMPTY : e.summary();
    }

    /**
     * Whether the record of task {@code id} archived at {@code revision} was superseded by a later
     * record of the same task (it was retried and finished again).
     */
    boolean supersededInHistory(UUID id, long revision) {
      Long newest = supersededBelow.get(id);
      return newest != null && newest > revision;
    }

    /** Whether index.json no longer matches the segments and should be written again. */
    boolean stale() {
      return stale;
    }

    IndexFile toFile() {
      List<Entry> list = new ArrayList<>();
      for (Segment s : segments) {
        Entry e = entries.get(s.fileName());
        if (e != null) {
          list.add(e);
        }
      }
      list.addAll(vanished);
      return new IndexFile(SCHEMA_VERSION, list);
    }
  }

  private final HistoryArchive archive;
  private final AtomicFileWriter writer;
  private final Map<String, Checked> checked = new HashMap<>();
  private @Nullable Loaded loaded;
  private @Nullable View last;

  /** An entry already checked against its file, and the file's stamp when it was. */
  private record Checked(FileStamp stamp, Entry entry) {}

  /** index.json as last read, and its stamp. */
  private record Loaded(FileStamp stamp, Map<String, Entry> entries) {}

  HistoryIndex(HistoryArchive archive, AtomicFileWriter writer) {
    this.archive = archive;
    this.writer = writer;
  }

  Path path() {
    return archive.directory().resolve("index.json");
  }

  /**
   * The index checked against the segments on disk; {@link View#stale()} tells whether index.json
   * needs writing back.
   */
  synchronized View view() {
    List<Segment> segments = archive.segments();
    Map<String, Entry> onDisk = load();
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<Entry> vanished = vanished(onDisk, segments);
    boolean stale = onDisk.size() != segments.size() + vanished.size();
    for (Segment s : segments) {
      Entry e = valid(s, onDisk.get(s.fileName()));
      if (e == null) {
        e = compute(s);
        stale = true;
      } else if (!e.equals(onDisk.get(s.fileName()))) {
        stale = true;
      }
      entries.put(s.fileName(), e);
    }
    View previous = last;
    View view;
    if (previous != null
        && previous.segments.equals(segments)
        && previous.entries.equals(entries)) {
      view = new View(segments, entries, vanished, previous.supersededBelow, stale);
    } else {
      view = new View(segments, entries, vanished, supersededMap(entries), stale);
    }
    checked.keySet().retainAll(entries.keySet());
    last = view;
    return view;
  }

  /**
   * Entries of segments that are gone altogether (no file of their month and part is left: not
   * compressed, removed). They are kept when index.json is written back, because they are the only
   * record that those finished tasks existed: store verify reports them as lost, and store repair,
   * having told the user, rebuilds index.json without them.
   */
  private static List<Entry> vanished(Map<String, Entry> onDisk, List<Segment> segments) {
    Set<String> bases = new HashSet<>();
    segments.forEach(s -> bases.add(s.base()));
    List<Entry> gone = new ArrayList<>();
    for (Entry e : onDisk.values()) {
      Segment listed = Segment.of(Path.of(e.file()), 0).orElse(null);
      if (listed != null && !bases.contains(listed.base()) && e.summary().records() > 0) {
        gone.add(e);
      }
    }
    return gone;
  }

  private static Map<UUID, Long> supersededMap(Map<String, Entry> entries) {
    Map<UUID, Long> map = new HashMap<>();
    for (Entry e : entries.values()) {
      for (SegmentSummary.Retried r : e.summary().retried()) {
        map.merge(r.id(), r.archivedRevision(), Math::max);
      }
    }
    return map;
  }

  /** The entry if it still describes the segment, else null. */
  private @Nullable Entry valid(Segment s, @Nullable Entry e) {
    FileStamp stamp = FileStamp.of(s.path());
    Checked c = checked.get(s.fileName());
    if (c != null && c.stamp().equals(stamp) && (e == null || c.entry().equals(e))) {
      return c.entry(); // unchanged since we checked it (or computed it ourselves)
    }
    if (e == null || e.bytes() != s.size()) {
      return null;
    }
    try {
      if (!SegmentIndex.fingerprint(s.path(), e.bytes()).equals(e.fingerprint())) {
        return null;
      }
    } catch (NoSuchFileException ex) {
      throw new HistoryArchive.SegmentVanishedException(s.path());
    } catch (IOException ex) {
      return null; // unreadable now: recomputing will report the real problem
    }
    checked.put(s.fileName(), new Checked(stamp, e));
    return e;
  }

  private Entry compute(Segment s) {
    FileStamp stamp = FileStamp.of(s.path());
    SegmentIndex idx = archive.index(s);
    Entry e =
        new Entry(
            s.fileName(),
            idx.header().segmentBytes(),
            idx.header().segmentFingerprint(),
            idx.summary());
    if (e.bytes() == s.size()) {
      checked.put(s.fileName(), new Checked(stamp, e));
    }
    return e;
  }

  /** index.json's entries by file; empty when it is missing or damaged (then it is rebuilt). */
  private Map<String, Entry> load() {
    Path file = path();
    FileStamp stamp = FileStamp.of(file);
    Loaded l = loaded;
    if (l != null && l.stamp().equals(stamp)) {
      return l.entries();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (!stamp.equals(FileStamp.ABSENT)) {
      try {
        IndexFile index = parse(Files.readAllBytes(file), file);
        for (Entry e : index.segments()) {
          entries.put(e.file(), e);
        }
      } catch (StoreException e) {
        if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
          throw e;
        }
        entries.clear(); // damaged: every entry is recomputed and the file rewritten
      } catch (NoSuchFileException e) {
        entries.clear();
      } catch (IOException e) {
        throw StoreException.io(file, "read", e);
      }
    }
    loaded = new Loaded(stamp, Map.copyOf(entries));
    return entries;
  }

  static IndexFile parse(byte[] bytes, Path file) {
    IndexFile index =
        TrackerJson.readVersionedFast(
            bytes, IndexFile.class, IndexFile::schemaVersion, SCHEMA_VERSION, file);
    if (index.segments() == null) {
      throw new StoreException(StoreErrorCode.CORRUPT_FILE, file, file + " has no segments list");
    }
    for (Entry e : index.segments()) {
      if (e == null || e.file() == null || e.fingerprint() == null || e.summary() == null) {
        throw new StoreException(StoreErrorCode.CORRUPT_FILE, file, file + " has a bad entry");
      }
    }
    return index;
  }

  /**
   * Writes index.json from a view, atomically, unless it already says the same. The caller holds
   * the maintenance lock. Returns whether it wrote.
   */
  boolean write(View view) {
    Path file = path();
    IndexFile next = view.toFile();
    try {
      if (Files.exists(file)) {
        IndexFile current = parse(Files.readAllBytes(file), file);
        if (current.equals(next)) {
          return false;
        }
      }
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e; // never overwrite what a newer version wrote
      }
    } catch (IOException e) {
      // unreadable: replaced below
    }
    writer.replace(file, TrackerJson.pretty(next), bytes -> parse(bytes, file));
    return true;
  }

  /** Checks the index against the segments now and writes it back if it was wrong. */
  boolean refresh() {
    View view = view();
    return view.stale() && write(view);
  }

  /** Forgets what was checked and recomputes every entry from the segments. */
  synchronized View rebuild() {
    checked.clear();
    loaded = new Loaded(FileStamp.of(path()), Map.of());
    last = null;
    List<Segment> segments = archive.segments();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Segment s : segments) {
      entries.put(s.fileName(), compute(s));
    }
    View view = new View(segments, entries, List.of(), supersededMap(entries), true);
    last = view;
    return view;
  }
}
