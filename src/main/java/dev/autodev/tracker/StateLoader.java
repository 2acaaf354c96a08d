package dev.autodev.tracker;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Loads the state from disk and repairs what a crash can leave behind, at every start and whenever
 * another process changed the files. Runs under the store lock.
 *
 * <p>In order: remove leftover temp files; read current.json, else its {@code .bak}, else start
 * empty; drop a torn last journal line (it was never acknowledged); replay journal entries newer
 * than the snapshot; append to history any archived task the crash kept out of it; prefer
 * memory.json (the authority) over the mirror. Every repair is reported, and a file that cannot be
 * read is copied to {@code quarantine/} before anything replaces it.
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

  /**
   * The state on disk, with the list of repairs made. {@code dirty} means current.json does not yet
   * reflect the returned state and must be rewritten.
   */
  record Loaded(TrackerState state, List<String> actions, boolean dirty, boolean memoryStale) {}

  Loaded load() {
    List<String> actions = new ArrayList<>();
    removeTempFiles(actions);
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
        moveToQuarantine(paths.current(), actions);
        actions.add("current.json was unreadable (" + current.problem() + ")");
      }
      if (bak.value() != null) {
        state = bak.value();
        if (!current.missing() || journal.size() > 0) {
          actions.add("restored current.json from its backup (revision " + state.revision() + ")");
        }
      } else {
        state = TrackerState.EMPTY;
        if (!bak.missing()) {
          moveToQuarantine(bakPath, actions);
          actions.add("current.json.bak was unreadable too (" + bak.problem() + ")");
        }
        if (!current.missing() || journal.size() > 0) {
          actions.add("rebuilding current.json from the journal");
        }
      }
      dirty = !current.missing() || journal.size() > 0;
    }

    if (rotated.lastRotated() > state.revision()) {
      // Rebuilding from further back than journal.jsonl reaches: the older entries were rotated
      // into history/ (both snapshots had them, and both are gone).
      TrackerState before = state;
      state = replayRotated(state, actions);
      dirty |= state.revision() != before.revision();
    }

    JournalRepository.Tail tail = journal.readAfter(state.revision());
    if (tail.tornOffset() >= 0) {
      journal.truncate(tail.tornOffset());
      actions.add(
          "dropped a torn last journal line at byte "
              + tail.tornOffset()
              + " (a change that was never acknowledged)");
    }
    long firstReplayed = -1;
    long lastReplayed = -1;
    List<JournalRepository.Line> lines = tail.lines();
    for (int i = 0; i < lines.size(); i++) {
      JournalRepository.Line line = lines.get(i);
      JournalEntry entry = line.entry();
      if (entry == null) {
        if (i == lines.size() - 1) {
          quarantineBytes("journal-line-" + line.offset() + ".jsonl", line.raw(), actions);
          journal.truncate(line.offset());
          actions.add(
              "dropped a damaged last journal line at byte "
                  + line.offset()
                  + " ("
                  + line.problem()
                  + "); a copy is in quarantine/");
          break;
        }
        actions.add(
            "journal line at byte "
                + line.offset()
                + " is damaged ("
                + line.problem()
                + "); run 'store repair'");
        continue;
      }
      if (entry.rev() <= state.revision()) {
        continue;
      }
      if (entry.rev() != state.revision() + 1) {
        actions.add(
            "journal skips from revision "
                + state.revision()
                + " to "
                + entry.rev()
                + "; later entries were not replayed; run 'store repair'");
        break;
      }
      state = entry.delta().applyTo(state, entry.rev());
      archiveIfMissing(entry, actions);
      logSessionIfMissing(entry, actions);
      if (firstReplayed < 0) {
        firstReplayed = entry.rev();
      }
      lastReplayed = entry.rev();
    }
    if (lastReplayed > 0) {
      dirty = true;
      actions.add(
          "replayed "
              + (lastReplayed - firstReplayed + 1)
              + " journal "
              + (lastReplayed == firstReplayed ? "entry" : "entries")
              + " (revision "
              + (lastReplayed == firstReplayed
                  ? String.valueOf(firstReplayed)
                  : firstReplayed + "–" + lastReplayed)
              + ") that current.json did not have yet");
    }

    boolean memoryStale = false;
    SnapshotRepository.Read<Memory> memory = snapshots.readMemory();
    if (memory.value() != null) {
      if (!memory.value().equals(state.memory())) {
        state = state.withMemory(memory.value());
        dirty = true;
        actions.add("took the memory from memory.json, which differed from the mirror");
      }
    } else if (!memory.missing()) {
      moveToQuarantine(paths.memory(), actions);
      actions.add(
          "memory.json was unreadable (" + memory.problem() + "); restored from the mirror");
      dirty = true;
      memoryStale = true;
    } else if (!state.memory().equals(Memory.EMPTY)) {
      actions.add("memory.json was missing; restored from the mirror in current.json");
      dirty = true;
      memoryStale = true;
    }
    return new Loaded(state, List.copyOf(actions), dirty, memoryStale);
  }

  /** Replays the rotated journal segments after the state's revision, oldest first. */
  private TrackerState replayRotated(TrackerState from, List<String> actions) {
    TrackerState[] state = {from};
    long[] range = {-1, -1};
    try {
      rotated.entriesAfter(
          from.revision(),
          entry -> {
            if (entry.rev() != state[0].revision() + 1) {
              actions.add(
                  "the rotated journal skips from revision "
                      + state[0].revision()
                      + " to "
                      + entry.rev()
                      + "; later entries were not replayed; run 'store repair'");
              return true;
            }
            state[0] = entry.delta().applyTo(state[0], entry.rev());
            archiveIfMissing(entry, actions);
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
      actions.add(
          "a rotated journal segment is damaged (" + e.getMessage() + "); run 'store repair'");
    }
    if (range[0] > 0) {
      actions.add(
          "replayed "
              + (range[1] - range[0] + 1)
              + " rotated journal entries (revision "
              + range[0]
              + "–"
              + range[1]
              + ") from history/");
    }
    return state[0];
  }

  private void archiveIfMissing(JournalEntry entry, List<String> actions) {
    if (entry.delta().archived().isEmpty()) {
      return;
    }
    if (history.lastArchivedRevision() >= entry.rev()) {
      return;
    }
    List<ArchivedTask> records = new ArrayList<>();
    for (Task t : entry.delta().archived()) {
      records.add(new ArchivedTask(ArchivedTask.SCHEMA_VERSION, entry.rev(), entry.at(), t));
    }
    history.append(records);
    actions.add(
        "archived "
            + records.size()
            + " finished task"
            + (records.size() == 1 ? "" : "s")
            + " that a crash kept out of history");
  }

  /** Appends the summary of a session this entry ended, if a crash kept it out of the log. */
  private void logSessionIfMissing(JournalEntry entry, List<String> actions) {
    List<SessionRecord> ended = SessionRecord.of(entry.events(), entry.rev());
    if (ended.isEmpty() || sessions.lastEndedRevision() >= entry.rev()) {
      return;
    }
    sessions.append(ended);
    actions.add(
        "logged the end of session "
            + ended.get(0).sessionId().toString().substring(0, 8)
            + " that a crash kept out of history/sessions.jsonl");
  }

  private void removeTempFiles(List<String> actions) {
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.tasksDir(), "*.tmp")) {
      for (Path tmp : dir) {
        fs.delete(tmp);
        actions.add("removed leftover temp file " + tmp.getFileName());
      }
    } catch (IOException e) {
      throw StoreException.io(paths.tasksDir(), "clean temp files in", e);
    }
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
