package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Loads the state from disk and repairs what a crash or a damaged file leaves behind, at every
 * start and whenever another process changed the files.
 *
 * <p>In two parts. {@link #plan()} only reads: it works out the state and the list of repairs
 * recovery must make — remove leftover temp files; take current.json if its checksum and shape
 * hold, else its {@code .bak}, else start empty; drop a torn or damaged last journal line (never
 * acknowledged); replay the journal entries newer than the snapshot; re-append to history any
 * archived task a crash kept out of it; rewrite memory.json when it is damaged, missing or differs
 * from the memory that current.json and the journal hold. {@code store verify} and a read-only
 * store use the plan alone. {@link #load()} (under the store lock) plans and then makes the
 * repairs; every repair is reported, and a file that cannot be read is copied to {@code
 * quarantine/} before anything replaces it.
 *
 * <p>When copies disagree, the one whose checksum holds wins, and the journal above all: never
 * simply the newer file. memory.json is a copy for people and tools; the memory that current.json
 * and the journal hold is the authority over it.
 */
@Component
class StateLoader {

  private final StorePaths paths;
  private final SnapshotRepository snapshots;
  private final JournalRepository journal;
  private final HistoryArchive history;
  private final SessionLog sessions;
  private final JournalArchive rotated;
  private final StoreFileSystem fs;
  private final Clock clock;

  StateLoader(
      StorePaths paths,
      SnapshotRepository snapshots,
      JournalRepository journal,
      HistoryArchive history,
      SessionLog sessions,
      JournalArchive rotated,
      StoreFileSystem fs,
      Clock clock) {
    this.paths = paths;
    this.snapshots = snapshots;
    this.journal = journal;
    this.history = history;
    this.sessions = sessions;
    this.rotated = rotated;
    this.fs = fs;
    this.clock = clock;
  }

  /** A loader for another data folder, for planning only (a backup about to be restored). */
  static StateLoader forFolder(Path home) {
    StorePaths p = new StorePaths(home);
    StoreFileSystem fs = new RealStoreFileSystem();
    JournalRepository j = new JournalRepository(p, fs);
    return new StateLoader(
        p,
        new SnapshotRepository(p, new AtomicFileWriter(fs)),
        j,
        new HistoryArchive(p, fs, new ArchiveProperties(DataSize.ofMegabytes(16))),
        new SessionLog(p, fs),
        new JournalArchive(p, j),
        fs,
        Clock.systemUTC());
  }

  /**
   * The state on disk, with the list of repairs made. {@code dirty} means current.json does not yet
   * reflect the returned state and must be rewritten; {@code memoryStale} that memory.json must be
   * rewritten with it; {@code memoryOutdated} that memory.json is in an older format, to be
   * rewritten by the next save.
   */
  record Loaded(
      TrackerState state,
      List<String> actions,
      boolean dirty,
      boolean memoryStale,
      boolean memoryOutdated) {}

  /**
   * What recovery would do, worked out without changing any file: the state it would arrive at, the
   * repairs in order, and whether current.json and memory.json would be rewritten.
   */
  record Plan(
      TrackerState state,
      List<Repair> repairs,
      boolean dirty,
      boolean memoryStale,
      boolean memoryOutdated) {

    Plan {
      repairs = List.copyOf(repairs);
    }

    /** What recovery would do, one line per repair, for a report that changes nothing. */
    List<String> wouldDo() {
      return repairs.stream().map(Repair::wouldDo).toList();
    }
  }

  /**
   * One step of recovery: how it is described before it is made ({@code wouldDo}) and after ({@code
   * done}). Most steps change a file; a note only reports what the state needed.
   */
  sealed interface Repair {
    String wouldDo();

    String done();
  }

  /** A leftover temp file of a save that was cut off, to be removed. */
  record RemoveTemp(Path file) implements Repair {
    @Override
    public String wouldDo() {
      return "remove the leftover temp file " + file.getFileName();
    }

    @Override
    public String done() {
      return "removed leftover temp file " + file.getFileName();
    }
  }

  /** A damaged file to copy into quarantine/ and remove, so no save keeps it as a backup. */
  record SetAside(Path file, String problem) implements Repair {
    @Override
    public String wouldDo() {
      return "move the damaged " + file.getFileName() + " to quarantine/ (" + problem + ")";
    }

    @Override
    public String done() {
      return file.getFileName() + " was unreadable (" + problem + ")";
    }
  }

  /** A file that is about to be rewritten, to copy into quarantine/ first. */
  record KeepCopy(Path file, String why) implements Repair {
    @Override
    public String wouldDo() {
      return "keep a copy of " + file.getFileName() + " in quarantine/ and rewrite it: " + why;
    }

    @Override
    public String done() {
      return file.getFileName() + " " + why + "; rewrote it";
    }
  }

  /** The torn last journal line, or the damaged one (kept in quarantine/), to cut off. */
  record CutJournal(long offset, JournalRepository.@Nullable Line damaged) implements Repair {
    @Override
    public String wouldDo() {
      return damaged == null
          ? "drop the torn last journal line at byte " + offset + " (never acknowledged)"
          : "keep a copy of the damaged last journal line at byte "
              + offset
              + " in quarantine/ and drop it ("
              + damaged.problem()
              + ")";
    }

    @Override
    public String done() {
      return damaged == null
          ? "dropped a torn last journal line at byte "
              + offset
              + " (a change that was never acknowledged)"
          : "dropped a damaged last journal line at byte "
              + offset
              + " ("
              + damaged.problem()
              + "); a copy is in quarantine/";
    }
  }

  /** Finished tasks a crash kept out of history, to append. */
  record Archive(List<ArchivedTask> records) implements Repair {
    Archive {
      records = List.copyOf(records);
    }

    @Override
    public String wouldDo() {
      return "archive " + count() + " that a crash kept out of history";
    }

    @Override
    public String done() {
      return "archived " + count() + " that a crash kept out of history";
    }

    private String count() {
      return records.size() + " finished task" + (records.size() == 1 ? "" : "s");
    }
  }

  /** Ended sessions a crash kept out of history/sessions.jsonl, to append. */
  record LogSessions(List<SessionRecord> records) implements Repair {
    LogSessions {
      records = List.copyOf(records);
    }

    @Override
    public String wouldDo() {
      return "log the end of session " + shortId() + " that a crash kept out of the session log";
    }

    @Override
    public String done() {
      return "logged the end of session "
          + shortId()
          + " that a crash kept out of history/sessions.jsonl";
    }

    private String shortId() {
      return records.get(0).sessionId().toString().substring(0, 8);
    }
  }

  /** What the state needed that changes no file by itself (the rewrite of the snapshots does). */
  record Note(String wouldDo, String done) implements Repair {}

  /** Loads with recovery: plans, then makes every repair. Runs under the store lock. */
  Loaded load() {
    Plan plan = plan();
    List<String> actions = new ArrayList<>();
    for (Repair r : plan.repairs()) {
      apply(r, actions);
    }
    return new Loaded(
        plan.state(),
        List.copyOf(actions),
        plan.dirty(),
        plan.memoryStale(),
        plan.memoryOutdated());
  }

  /** Works out the state and the repairs recovery would make; reads files, changes none. */
  Plan plan() {
    List<Repair> repairs = new ArrayList<>();
    tempFiles(repairs);
    boolean dirty = false;

    TrackerState state;
    SnapshotRepository.Read<TrackerState> current = snapshots.readCurrent(paths.current());
    if (current.value() != null) {
      state = current.value();
    } else {
      Path bakPath = StorePaths.backupOf(paths.current());
      SnapshotRepository.Read<TrackerState> bak = snapshots.readCurrent(bakPath);
      if (!current.missing()) {
        // Moved, not copied: left in place, the next save would keep it as current.json.bak.
        repairs.add(new SetAside(paths.current(), String.valueOf(current.problem())));
      }
      if (bak.value() != null) {
        state = bak.value();
        if (!current.missing() || journal.size() > 0) {
          repairs.add(
              note(
                  "restore current.json from its backup (revision " + state.revision() + ")",
                  "restored current.json from its backup (revision " + state.revision() + ")"));
        }
      } else {
        state = TrackerState.EMPTY;
        if (!bak.missing()) {
          repairs.add(new SetAside(bakPath, String.valueOf(bak.problem())));
        }
        if (!current.missing() || journal.size() > 0) {
          repairs.add(
              note(
                  "rebuild current.json from the journal",
                  "rebuilding current.json from the journal"));
        }
      }
      dirty = !current.missing() || journal.size() > 0;
    }

    if (rotated.lastRotated() > state.revision()) {
      // Rebuilding from further back than journal.jsonl reaches: the older entries were rotated
      // into history/ (both snapshots had them, and both are gone).
      TrackerState before = state;
      state = replayRotated(state, repairs);
      dirty |= state.revision() != before.revision();
    }

    JournalRepository.Tail tail = journal.readAfter(state.revision());
    if (tail.tornOffset() >= 0) {
      repairs.add(new CutJournal(tail.tornOffset(), null));
    }
    long firstReplayed = -1;
    long lastReplayed = -1;
    long archivedUpTo = history.lastArchivedRevision();
    long loggedUpTo = sessions.lastEndedRevision();
    List<JournalRepository.Line> lines = tail.lines();
    for (int i = 0; i < lines.size(); i++) {
      JournalRepository.Line line = lines.get(i);
      JournalEntry entry = line.entry();
      if (entry == null) {
        if (i == lines.size() - 1) {
          repairs.add(new CutJournal(line.offset(), line));
          break;
        }
        String damaged = "journal line at byte " + line.offset() + " is damaged (" + line.problem();
        repairs.add(
            note(damaged + "); 'store repair' fixes it", damaged + "); run 'store repair'"));
        continue;
      }
      if (entry.rev() <= state.revision()) {
        continue;
      }
      if (entry.rev() != state.revision() + 1) {
        String skip =
            "journal skips from revision "
                + state.revision()
                + " to "
                + entry.rev()
                + "; later entries were not replayed";
        repairs.add(note(skip + "; 'store repair' fixes it", skip + "; run 'store repair'"));
        break;
      }
      state = entry.delta().applyTo(state, entry.rev());
      archiveIfMissing(entry, archivedUpTo, repairs);
      logSessionIfMissing(entry, loggedUpTo, repairs);
      if (firstReplayed < 0) {
        firstReplayed = entry.rev();
      }
      lastReplayed = entry.rev();
    }
    if (lastReplayed > 0) {
      dirty = true;
      String what =
          " journal "
              + (lastReplayed == firstReplayed ? "entry" : "entries")
              + " (revision "
              + (lastReplayed == firstReplayed
                  ? String.valueOf(firstReplayed)
                  : firstReplayed + "–" + lastReplayed)
              + ") that current.json did not have yet";
      long n = lastReplayed - firstReplayed + 1;
      repairs.add(note("replay " + n + what, "replayed " + n + what));
    }

    boolean memoryStale = false;
    boolean memoryOutdated = false;
    SnapshotRepository.Read<Memory> memory = snapshots.readMemory();
    if (memory.value() != null) {
      memoryOutdated = memory.outdated();
      if (!memory.value().equals(state.memory())) {
        // Both copies read, and they differ: memory.json is a copy, current.json and the journal
        // hold the memory as of this revision. Never simply the newer file.
        repairs.add(
            new KeepCopy(
                paths.memory(),
                "differed from the memory in current.json and the journal (revision "
                    + state.revision()
                    + ")"));
        dirty = true;
        memoryStale = true;
      }
    } else if (!memory.missing()) {
      repairs.add(new SetAside(paths.memory(), String.valueOf(memory.problem())));
      repairs.add(
          note(
              "restore memory.json from current.json and the journal",
              "restored memory.json from current.json and the journal"));
      dirty = true;
      memoryStale = true;
    } else if (!state.memory().equals(Memory.EMPTY)) {
      repairs.add(
          note(
              "restore the missing memory.json from the mirror in current.json",
              "memory.json was missing; restored from the mirror in current.json"));
      dirty = true;
      memoryStale = true;
    }
    return new Plan(state, repairs, dirty, memoryStale, memoryOutdated);
  }

  private static Note note(String wouldDo, String done) {
    return new Note(wouldDo, done);
  }

  /** Replays the rotated journal segments after the state's revision, oldest first. */
  private TrackerState replayRotated(TrackerState from, List<Repair> repairs) {
    TrackerState[] state = {from};
    long[] range = {-1, -1};
    long archivedUpTo = history.lastArchivedRevision();
    try {
      rotated.entriesAfter(
          from.revision(),
          entry -> {
            if (entry.rev() != state[0].revision() + 1) {
              String skip =
                  "the rotated journal skips from revision "
                      + state[0].revision()
                      + " to "
                      + entry.rev()
                      + "; later entries were not replayed";
              repairs.add(note(skip + "; 'store repair' fixes it", skip + "; run 'store repair'"));
              return true;
            }
            state[0] = entry.delta().applyTo(state[0], entry.rev());
            archiveIfMissing(entry, archivedUpTo, repairs);
            if (range[0] < 0) {
              range[0] = entry.rev();
            }
            range[1] = entry.rev();
            return false;
          });
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      String damaged = "a rotated journal segment is damaged (" + e.getMessage() + ")";
      repairs.add(note(damaged + "; 'store repair' fixes it", damaged + "; run 'store repair'"));
    }
    if (range[0] > 0) {
      String what =
          " rotated journal entries (revision " + range[0] + "–" + range[1] + ") from history/";
      long n = range[1] - range[0] + 1;
      repairs.add(note("replay " + n + what, "replayed " + n + what));
    }
    return state[0];
  }

  private static void archiveIfMissing(
      JournalEntry entry, long archivedUpTo, List<Repair> repairs) {
    if (entry.delta().archived().isEmpty() || archivedUpTo >= entry.rev()) {
      return;
    }
    List<ArchivedTask> records = new ArrayList<>();
    for (Task t : entry.delta().archived()) {
      records.add(new ArchivedTask(ArchivedTask.SCHEMA_VERSION, entry.rev(), entry.at(), t));
    }
    repairs.add(new Archive(records));
  }

  /** Logs the summary of a session this entry ended, if a crash kept it out of the log. */
  private static void logSessionIfMissing(
      JournalEntry entry, long loggedUpTo, List<Repair> repairs) {
    List<SessionRecord> ended = SessionRecord.of(entry.events(), entry.rev());
    if (ended.isEmpty() || loggedUpTo >= entry.rev()) {
      return;
    }
    repairs.add(new LogSessions(ended));
  }

  private void tempFiles(List<Repair> repairs) {
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.tasksDir(), "*.tmp")) {
      for (Path tmp : dir) {
        repairs.add(new RemoveTemp(tmp));
      }
    } catch (NoSuchFileException e) {
      // No tasks/ folder yet: a store nothing was ever saved in.
    } catch (IOException e) {
      throw StoreException.io(paths.tasksDir(), "list temp files in", e);
    }
  }

  /** Makes one repair and reports it (a quarantine copy adds where it went). */
  private void apply(Repair repair, List<String> actions) {
    if (repair instanceof RemoveTemp r) {
      try {
        fs.delete(r.file());
      } catch (IOException e) {
        throw StoreException.io(r.file(), "remove the temp file", e);
      }
    } else if (repair instanceof SetAside r) {
      moveToQuarantine(r.file(), actions);
    } else if (repair instanceof KeepCopy r) {
      quarantine(r.file(), actions);
    } else if (repair instanceof CutJournal r) {
      JournalRepository.Line damaged = r.damaged();
      if (damaged != null) {
        quarantineBytes("journal-line-" + r.offset() + ".jsonl", damaged.raw(), actions);
      }
      journal.truncate(r.offset());
    } else if (repair instanceof Archive r) {
      history.append(r.records());
    } else if (repair instanceof LogSessions r) {
      sessions.append(r.records());
    }
    actions.add(repair.done());
  }

  /** Copies a damaged file into quarantine/ and removes it, so no save keeps it as a backup. */
  private void moveToQuarantine(Path file, List<String> actions) {
    quarantine(file, actions);
    try {
      fs.delete(file);
      fs.syncDirectory(file.getParent());
    } catch (IOException e) {
      throw StoreException.io(file, "move to quarantine", e);
    }
  }

  /** Copies a damaged file into quarantine/<time>/ so nothing a user had is ever lost. */
  private void quarantine(Path file, List<String> actions) {
    try {
      if (!Files.exists(file)) {
        return;
      }
      quarantineBytes(file.getFileName().toString(), Files.readAllBytes(file), actions);
    } catch (IOException e) {
      throw StoreException.io(file, "quarantine", e);
    }
  }

  private void quarantineBytes(String name, byte[] bytes, List<String> actions) {
    Path dir = Quarantine.folder(paths, clock.instant(), "");
    try {
      Path target = Quarantine.keep(fs, dir, name, bytes);
      actions.add("kept a copy of the damaged " + name + " in " + paths.home().relativize(target));
    } catch (IOException e) {
      throw StoreException.io(dir, "quarantine into", e);
    }
  }
}
