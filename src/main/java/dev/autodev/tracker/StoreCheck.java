package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.LineReader;
import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * {@code store verify}: reads every file of the store and checks it without changing anything —
 * each file parses and carries a schema_version this code knows, snapshots and journal and history
 * lines pass their checksums, revisions agree between the journal, the snapshots and history, no
 * task is both open and finished in history, and every dependency points at a known task. It also
 * works out, without making it, what the automatic recovery would do ({@link StateLoader#plan}).
 * Runs under the store lock so it sees one consistent moment, never a change half-saved by another
 * process.
 *
 * <p>index.json is checked for damage and for a schema this code does not know; entries that are
 * merely behind the segments are a note, since every query corrects them on its own.
 */
@Component
public class StoreCheck {

  private final StorePaths paths;
  private final SnapshotRepository snapshots;
  private final JournalRepository journal;
  private final HistoryArchive history;
  private final SessionLog sessions;
  private final JournalArchive rotated;
  private final StateLoader loader;
  private final @Nullable StoreLock lock;
  private final LostRecords lost;

  StoreCheck(
      StorePaths paths,
      SnapshotRepository snapshots,
      JournalRepository journal,
      HistoryArchive history,
      SessionLog sessions,
      JournalArchive rotated,
      StateLoader loader,
      @Nullable StoreLock lock) {
    this.paths = paths;
    this.snapshots = snapshots;
    this.journal = journal;
    this.history = history;
    this.sessions = sessions;
    this.rotated = rotated;
    this.loader = loader;
    this.lock = lock;
    this.lost = new LostRecords(paths, snapshots, journal, rotated, sessions);
  }

  /**
   * A checker for another data folder (a backup about to be restored); it takes no lock, since no
   * auto-dev process works in that folder.
   */
  public static StoreCheck forFolder(Path home) {
    StorePaths p = new StorePaths(home);
    StoreFileSystem fs = new RealStoreFileSystem();
    JournalRepository j = new JournalRepository(p, fs);
    return new StoreCheck(
        p,
        new SnapshotRepository(p, new AtomicFileWriter(fs)),
        j,
        new HistoryArchive(p, fs, new ArchiveProperties(DataSize.ofMegabytes(16))),
        new SessionLog(p, fs),
        new JournalArchive(p, j),
        StateLoader.forFolder(home),
        null);
  }

  /**
   * Checks the whole store; changes nothing. On a store this process cannot write it reads under a
   * shared lock, or none (see {@link StoreLock#read}).
   */
  public StoreReport verify() {
    return lock == null ? verifyLocked() : lock.read(this::verifyLocked);
  }

  /** Checks the whole store; the caller holds the store lock (or no process uses the folder). */
  StoreReport verifyLocked() {
    return checkLocked().report();
  }

  /** A check's report, with the lost records behind its findings of loss, for repair to act on. */
  record Checked(StoreReport report, List<LostRecords.Loss> lost) {}

  /** {@link #verifyLocked()}, keeping what repair needs to know of lost records. */
  Checked checkLocked() {
    Findings f = new Findings();
    leftoverTemps(f);
    TrackerState state = snapshot(f);
    StateLoader.Plan plan = plan(f);
    bak(f);
    memory(f, plan == null ? state : plan.state());
    Scan journalScan = journal(f, state);
    Map<UUID, ArchivedTask> archived = new HashMap<>();
    Set<String> archivedKeys = new HashSet<>();
    LostRecords.Held held = new LostRecords.Held();
    long archivedRecords =
        segments(f, archived, archivedKeys, held, Math.max(journalScan.lastRev, revisionOf(state)));
    int missing = 0;
    for (String key : journalScan.archived) {
      if (!archivedKeys.contains(key)) {
        missing++;
      }
    }
    if (missing > 0) {
      f.problem(
          "history",
          missing
              + " finished task record"
              + (missing == 1 ? " is" : "s are")
              + " in the journal"
              + " but in no history segment",
          "those finished tasks are missing from task history and search",
          "re-archive them from the journal");
    }
    Set<Long> logged = sessionLog(f);
    int unlogged = 0;
    for (Long rev : journalScan.ended) {
      if (!logged.contains(rev)) {
        unlogged++;
      }
    }
    if (unlogged > 0) {
      f.problem(
          rel(paths.sessionLog()),
          unlogged
              + " ended session"
              + (unlogged == 1 ? " is" : "s are")
              + " in the journal but"
              + " not in the session log",
          "those sessions' summaries are missing from the session list",
          "log them again from the journal");
    }
    index(f);
    if (state != null) {
      crossCheck(f, state, archived);
    }
    List<LostRecords.Loss> losses = lost.find(state, held);
    losses.forEach(l -> f.problems.add(l.finding()));
    return new Checked(
        new StoreReport(
            paths.home().toString(),
            f.problems.isEmpty(),
            revisionOf(state),
            state == null ? 0 : state.tasks().size(),
            archivedRecords,
            journalScan.entries,
            f.problems,
            f.notes,
            plan == null ? List.of() : plan.wouldDo()),
        losses);
  }

  /**
   * What start-up recovery would do, worked out without doing it; null when a file refuses it (a
   * newer schema, reported by the file's own check).
   */
  private StateLoader.@Nullable Plan plan(Findings f) {
    try {
      return loader.plan();
    } catch (StoreException e) {
      if (e.code() != StoreErrorCode.UNSUPPORTED_SCHEMA) {
        f.problem(
            "tasks/",
            "start-up recovery would fail: " + e.getMessage(),
            "no process could open the store until it is fixed",
            "run 'store repair', which sets the files that fail aside");
      }
      return null;
    }
  }

  private static long revisionOf(@Nullable TrackerState state) {
    return state == null ? 0 : state.revision();
  }

  /** Problems and notes, collected in the order the files are checked. */
  static final class Findings {
    final List<StoreFinding> problems = new ArrayList<>();
    final List<StoreFinding> notes = new ArrayList<>();

    void problem(String file, String problem, String meaning, @Nullable String repair) {
      problems.add(new StoreFinding(file, problem, meaning, repair));
    }

    void note(String file, String problem, String meaning) {
      notes.add(new StoreFinding(file, problem, meaning, null));
    }
  }

  private String rel(Path file) {
    return paths.tasksDir().relativize(file).toString();
  }

  private void leftoverTemps(Findings f) {
    for (Path dir : List.of(paths.tasksDir(), paths.historyDir())) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> tmps = Files.newDirectoryStream(dir, "*.tmp")) {
        for (Path tmp : tmps) {
          if (dir.equals(paths.tasksDir())) {
            f.problem(
                rel(tmp),
                "a temp file was left behind",
                "a save was cut off before it replaced anything; the file it was writing is intact",
                "remove it (the automatic recovery does the same)");
          } else {
            f.note(
                rel(tmp),
                "a compaction temp file",
                "a compaction is running or was cut off; the next compaction removes it");
          }
        }
      } catch (IOException e) {
        throw StoreException.io(dir, "list", e);
      }
    }
  }

  private @Nullable TrackerState snapshot(Findings f) {
    Path file = paths.current();
    try {
      SnapshotRepository.Read<TrackerState> read = snapshots.readCurrent(file);
      if (read.value() != null) {
        if (read.outdated()) {
          f.note(
              "current.json",
              "written by an earlier auto-dev, without a checksum",
              "the next change rewrites it with one");
        }
        return read.value();
      }
      if (read.missing()) {
        if (journal.size() > 0) {
          f.problem(
              "current.json",
              "missing while journal.jsonl has changes",
              "the open tasks must be rebuilt from the backup and the journal",
              "rebuild it from current.json.bak and the journal");
        }
        return null;
      }
      f.problem(
          "current.json",
          "does not read: " + read.problem(),
          "the open tasks cannot be read from it",
          "keep a copy in quarantine/, restore it from current.json.bak and replay the journal");
      return null;
    } catch (StoreException e) {
      refused(f, file, e);
      return null;
    }
  }

  private void refused(Findings f, Path file, StoreException e) {
    if (e.code() != StoreErrorCode.UNSUPPORTED_SCHEMA) {
      throw e;
    }
    f.problem(
        rel(file),
        String.valueOf(e.getMessage()),
        "a newer auto-dev wrote it; this version refuses to read or change it",
        null);
  }

  private void bak(Findings f) {
    Path file = StorePaths.backupOf(paths.current());
    try {
      SnapshotRepository.Read<TrackerState> read = snapshots.readCurrent(file);
      if (read.value() == null && !read.missing()) {
        f.problem(
            "current.json.bak",
            "does not read: " + read.problem(),
            "the redundant copy of current.json is gone; a second fault would need the journal",
            "keep a copy in quarantine/ and replace it with the good current.json");
      }
    } catch (StoreException e) {
      refused(f, file, e);
    }
  }

  /**
   * memory.json against the memory the state holds ({@code state}: current.json, or its backup,
   * with the journal replayed, as recovery would load it), which is the authority over it.
   */
  private void memory(Findings f, @Nullable TrackerState state) {
    try {
      SnapshotRepository.Read<Memory> read = snapshots.readMemory();
      if (read.value() != null) {
        if (state != null && !read.value().equals(state.memory())) {
          f.problem(
              "memory.json",
              "differs from the memory in current.json and the journal",
              "one of the copies was changed outside auto-dev, or damaged in a way only the"
                  + " other copy shows; current.json and the journal are the authority",
              "keep a copy in quarantine/ and rewrite memory.json from current.json and the"
                  + " journal");
        } else if (read.outdated()) {
          f.note(
              "memory.json",
              "written by an earlier auto-dev, without a checksum",
              "the next change rewrites it with one");
        }
      } else if (!read.missing()) {
        f.problem(
            "memory.json",
            "does not read: " + read.problem(),
            "decisions, patterns and facts cannot be read from it",
            "keep a copy in quarantine/ and restore it from current.json and the journal");
      } else if (state != null && !state.memory().equals(Memory.EMPTY)) {
        f.problem(
            "memory.json",
            "missing",
            "the memory is only in the mirror in current.json",
            "restore it from the mirror in current.json");
      }
    } catch (StoreException e) {
      refused(f, paths.memory(), e);
    }
    Path bak = StorePaths.backupOf(paths.memory());
    byte[] bytes = SnapshotRepository.readBytes(bak);
    if (bytes != null) {
      try {
        SnapshotRepository.parseMemory(bytes, bak);
      } catch (StoreException e) {
        if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
          refused(f, bak, e);
        } else {
          f.problem(
              "memory.json.bak",
              "does not read: " + e.getMessage(),
              "the previous memory.json is gone; memory.json and the mirror still hold it",
              "keep a copy in quarantine/ and replace it with the good memory.json");
        }
      }
    }
  }

  /**
   * What the journal scan learned, with what its entries archived and which sessions they ended.
   */
  record Scan(long entries, long firstRev, long lastRev, Set<String> archived, Set<Long> ended) {}

  private Scan journal(Findings f, @Nullable TrackerState state) {
    byte[] bytes = SnapshotRepository.readBytes(paths.journal());
    if (bytes == null || bytes.length == 0) {
      long rotatedLast = rotated.lastRotated();
      if (state != null && state.revision() > rotatedLast) {
        f.problem(
            "journal.jsonl",
            (bytes == null ? "missing" : "empty")
                + " while current.json is at revision "
                + state.revision(),
            "the audit trail of the latest changes is gone; the state in current.json is intact",
            "start the journal again with a repair entry (the lost lines cannot be brought back)");
      }
      return new Scan(0, 0, rotatedLast, Set.of(), Set.of());
    }
    long snapshotRev = revisionOf(state);
    long entries = 0;
    long first = 0;
    long last = 0;
    long gapFrom = -1;
    Set<String> archivedIds = new HashSet<>();
    Set<Long> endedRevs = new HashSet<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '\n') {
        continue;
      }
      if (i == bytes.length) {
        if (start < bytes.length) {
          f.problem(
              "journal.jsonl",
              "torn last line at byte " + start,
              "a change was cut off while it was written; it was never acknowledged",
              "drop the torn line (the automatic recovery does the same)");
        }
        break;
      }
      byte[] line = java.util.Arrays.copyOfRange(bytes, start, i);
      int offset = start;
      start = i + 1;
      JournalEntry e;
      try {
        e = journal.parse(line);
      } catch (StoreException ex) {
        if (ex.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
          refused(f, paths.journal(), ex);
          continue;
        }
        boolean isLast = start >= bytes.length;
        f.problem(
            "journal.jsonl",
            "damaged line at byte " + offset + ": " + ex.getMessage(),
            isLast
                ? "the last change was damaged on disk; it cannot be replayed"
                : "one change of the audit trail cannot be read; later ones cannot be replayed"
                    + " past it",
            isLast
                ? "keep a copy in quarantine/ and drop the line"
                : "keep a copy in quarantine/ and rewrite the journal without the line");
        continue;
      } catch (RuntimeException ex) {
        f.problem(
            "journal.jsonl",
            "damaged line at byte " + offset + ": " + ex.getMessage(),
            "one change of the audit trail cannot be read",
            "keep a copy in quarantine/ and rewrite the journal without the line");
        continue;
      }
      entries++;
      for (Task t : e.delta().archived()) {
        archivedIds.add(t.id() + "@" + e.rev());
      }
      if (!SessionRecord.of(e.events(), e.rev()).isEmpty()) {
        endedRevs.add(e.rev());
      }
      if (first == 0) {
        first = e.rev();
      }
      if (last != 0 && e.rev() <= last) {
        continue; // already seen in an overlapping rotated segment: readers skip it
      }
      if (last != 0 && e.rev() != last + 1) {
        if (e.rev() > snapshotRev + 1 && last >= snapshotRev) {
          f.problem(
              "journal.jsonl",
              "revisions jump from " + last + " to " + e.rev(),
              "changes after revision " + last + " cannot be replayed in order",
              "replay what can be replayed and report the rest as lost");
        } else if (gapFrom < 0) {
          gapFrom = last;
          f.note(
              "journal.jsonl",
              "no entries for revisions " + (last + 1) + "–" + (e.rev() - 1),
              "a gap in the audit trail left by an earlier repair; current.json holds the state");
        }
      }
      last = e.rev();
    }
    if (state != null && last > snapshotRev) {
      f.problem(
          "current.json",
          "behind the journal (revision " + snapshotRev + ", journal at " + last + ")",
          "a save was cut off after its commit point; the journal holds the missing changes",
          "replay the journal (the automatic recovery does the same)");
    } else if (state != null && last < snapshotRev && last > 0) {
      f.note(
          "journal.jsonl",
          "ends at revision " + last + " while current.json is at " + snapshotRev,
          "the audit trail misses the latest changes; current.json holds the state");
    }
    return new Scan(entries, first, last, archivedIds, endedRevs);
  }

  private long segments(
      Findings f,
      Map<UUID, ArchivedTask> latest,
      Set<String> keys,
      LostRecords.Held held,
      long newestRevision) {
    long records = 0;
    for (Segment s : history.files()) {
      SegmentScan scan = scanSegment(s.path());
      records += scan.records.size();
      for (ArchivedTask r : scan.records) {
        keys.add(r.task().id() + "@" + r.archivedRevision());
        held.add(r);
        ArchivedTask seen = latest.get(r.task().id());
        if (seen == null || seen.archivedRevision() <= r.archivedRevision()) {
          latest.put(r.task().id(), r);
        }
        if (newestRevision > 0 && r.archivedRevision() > newestRevision) {
          f.problem(
              rel(s.path()),
              "record of task " + r.task().shortId() + " from revision " + r.archivedRevision(),
              "history holds a change newer than current.json and the journal",
              null);
        }
      }
      if (scan.refused != null) {
        refused(f, s.path(), scan.refused);
      } else if (scan.unreadable != null) {
        f.problem(
            rel(s.path()),
            "does not read past record " + scan.records.size() + ": " + scan.unreadable,
            "finished tasks after that point cannot be read",
            "move it to quarantine/, keep its readable records, and re-archive the lost ones from"
                + " the journal");
      } else if (scan.damaged > 0) {
        f.problem(
            rel(s.path()),
            scan.damaged + " damaged line" + (scan.damaged == 1 ? "" : "s"),
            "those finished tasks cannot be read",
            "move it to quarantine/, keep its readable records, and re-archive the lost ones from"
                + " the journal");
      } else if (scan.torn) {
        f.problem(
            rel(s.path()),
            "torn last line",
            "a task's record was cut off while it was archived; the journal still has it",
            "cut the torn line and re-archive the record from the journal");
      }
    }
    return records;
  }

  /** One segment read through. */
  static final class SegmentScan {
    final List<ArchivedTask> records = new ArrayList<>();
    int damaged;
    boolean torn;
    @Nullable String unreadable;
    @Nullable StoreException refused;
  }

  static SegmentScan scanSegment(Path segment) {
    SegmentScan scan = new SegmentScan();
    try (LineReader reader = HistoryArchive.segmentLines(segment)) {
      byte[] line;
      while ((line = reader.next()) != null) {
        if (!reader.lastLineTerminated()) {
          scan.torn = true;
          break;
        }
        try {
          ArchivedTask r = HistoryArchive.tryParse(line, segment);
          if (r == null) {
            scan.damaged++;
          } else {
            scan.records.add(r);
          }
        } catch (StoreException e) {
          scan.refused = e;
          return scan;
        }
      }
    } catch (IOException | RuntimeException e) {
      scan.unreadable = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return scan;
  }

  /** Checks history/sessions.jsonl; returns the ended revisions it logs. */
  private Set<Long> sessionLog(Findings f) {
    Set<Long> logged = new HashSet<>();
    Path file = paths.sessionLog();
    byte[] bytes = SnapshotRepository.readBytes(file);
    if (bytes == null) {
      return logged;
    }
    int damaged = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      byte[] line = java.util.Arrays.copyOfRange(bytes, start, i);
      start = i + 1;
      try {
        logged.add(sessions.parse(line).endedRevision());
      } catch (StoreException e) {
        if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
          refused(f, file, e);
          return logged;
        }
        damaged++;
      } catch (RuntimeException e) {
        damaged++;
      }
    }
    if (damaged > 0) {
      f.problem(
          rel(file),
          damaged + " damaged line" + (damaged == 1 ? "" : "s"),
          "those ended sessions' summaries cannot be read",
          "keep a copy in quarantine/, rewrite it with its readable lines and log again the"
              + " sessions the journal still has");
    }
    if (start < bytes.length) {
      f.problem(
          rel(file),
          "torn last line",
          "a session summary was cut off while it was written",
          "keep a copy in quarantine/ and cut the torn line");
    }
    return logged;
  }

  /** The schema version of history/index.json this code writes. */
  static final int INDEX_SCHEMA_VERSION = 1;

  private void index(Findings f) {
    Path file = paths.historyDir().resolve("index.json");
    byte[] bytes = SnapshotRepository.readBytes(file);
    if (bytes == null) {
      return;
    }
    JsonNode root;
    try {
      root = TrackerJson.mapper().readTree(bytes);
    } catch (RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject() || !root.path("segments").isArray()) {
      f.problem(
          rel(file),
          "does not read as a history index",
          "queries cannot use it to skip segments",
          "keep a copy in quarantine/ and rebuild it from the segments");
      return;
    }
    int version = root.path("schema_version").asInt(-1);
    if (version > INDEX_SCHEMA_VERSION) {
      f.problem(
          rel(file),
          "schema_version "
              + version
              + " is newer than this auto-dev knows ("
              + INDEX_SCHEMA_VERSION
              + ")",
          "a newer auto-dev wrote it; this version refuses to read or change it",
          null);
      return;
    }
    if (version < 1) {
      f.problem(
          rel(file),
          "no valid schema_version",
          "queries cannot use it to skip segments",
          "keep a copy in quarantine/ and rebuild it from the segments");
      return;
    }
    Map<String, Long> sizes = new HashMap<>();
    for (JsonNode e : root.path("segments")) {
      sizes.put(e.path("file").asString(""), e.path("bytes").asLong(-1));
    }
    Set<String> present = new HashSet<>();
    int behind = 0;
    for (Segment s : history.segments()) {
      present.add(s.fileName());
      Long size = sizes.get(s.fileName());
      if (size == null || size != s.size()) {
        behind++;
      }
    }
    for (String name : sizes.keySet()) {
      if (!present.contains(name)) {
        behind++;
      }
    }
    if (behind > 0) {
      f.note(
          rel(file),
          behind + " segment entr" + (behind == 1 ? "y is" : "ies are") + " behind the segments",
          "derived data: queries recompute those entries and the history maintenance writes them"
              + " back");
    }
  }

  /**
   * Whether an open task is a stale copy of one history has finished: its final record is
   * completed, or the open copy has not changed since the record was archived.
   */
  static boolean finishedInHistory(Task open, @Nullable ArchivedTask archived) {
    return archived != null
        && (archived.task().status() == TaskStatus.COMPLETED
            || !open.updatedAt().isAfter(archived.archivedAt()));
  }

  /** Every task a dependency may point at: open, archived, or finished this session. */
  static Set<UUID> knownTaskIds(TrackerState state, Map<UUID, ArchivedTask> archived) {
    Set<UUID> known = new HashSet<>(state.tasks().keySet());
    known.addAll(archived.keySet());
    state.completedTasks().forEach(c -> known.add(c.id()));
    state.failedTasks().forEach(c -> known.add(c.id()));
    return known;
  }

  private void crossCheck(Findings f, TrackerState state, Map<UUID, ArchivedTask> archived) {
    Set<UUID> known = knownTaskIds(state, archived);
    for (Task t : state.tasks().values()) {
      if (finishedInHistory(t, archived.get(t.id()))) {
        f.problem(
            "current.json",
            "task " + t.shortId() + " is open and also finished in " + "history",
            "the same task appears twice; history holds its final record",
            "remove the open copy from current.json");
      }
      for (UUID dep : t.dependsOn()) {
        if (!known.contains(dep)) {
          f.problem(
              "current.json",
              "task " + t.shortId() + " depends on unknown task " + dep,
              "the task can never become ready",
              "remove the dependency on the unknown task");
        }
      }
    }
  }
}
