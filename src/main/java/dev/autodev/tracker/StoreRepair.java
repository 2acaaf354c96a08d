package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code store repair}: fixes what {@link StoreCheck} finds, under the store lock. It never
 * deletes: every file it replaces or rewrites is first copied to {@code
 * tasks/quarantine/<time>-repair/}. In order: rewrite the journal without damaged lines; move a
 * damaged history segment aside, keep its readable records and re-archive the lost ones from the
 * journal; do the same for history/sessions.jsonl; move a damaged index.json aside (it is rebuilt
 * from the segments); then load with the automatic recovery (restore current.json from its backup,
 * replay the journal, restore memory.json from the mirror), drop open copies of tasks history
 * finished and dependencies on unknown tasks, and commit one {@code store_recovered} change so
 * every snapshot and its backup are written fresh. Problems it has no fix for (a file a newer
 * auto-dev wrote) make it refuse and change nothing.
 */
@Component
public class StoreRepair {

  private final StorePaths paths;
  private final StoreCheck check;
  private final StoreLock lock;
  private final StoreFileSystem fs;
  private final AtomicFileWriter writer;
  private final JournalRepository journal;
  private final JournalArchive rotated;
  private final HistoryArchive history;
  private final SessionLog sessions;
  private final TaskTracker tracker;
  private final Clock clock;

  StoreRepair(
      StorePaths paths,
      StoreCheck check,
      StoreLock lock,
      StoreFileSystem fs,
      AtomicFileWriter writer,
      JournalRepository journal,
      JournalArchive rotated,
      HistoryArchive history,
      SessionLog sessions,
      TaskTracker tracker,
      Clock clock) {
    this.paths = paths;
    this.check = check;
    this.lock = lock;
    this.fs = fs;
    this.writer = writer;
    this.journal = journal;
    this.rotated = rotated;
    this.history = history;
    this.sessions = sessions;
    this.tracker = tracker;
    this.clock = clock;
  }

  /**
   * What a repair did (or, for a dry run, would do): the actions, what could not be saved, the
   * finished tasks it found lost (each by id and name where any file still knows the name, else as
   * a count, and recorded in its {@code store_recovered} journal entry), where the copies of
   * replaced files are, and the verify reports before and after.
   */
  public record Report(
      boolean dryRun,
      boolean refused,
      List<String> actions,
      List<String> notSaved,
      List<String> lost,
      @Nullable String quarantine,
      StoreReport before,
      @Nullable StoreReport after) {

    public Report {
      actions = List.copyOf(actions);
      notSaved = List.copyOf(notSaved);
      lost = List.copyOf(lost);
    }

    /** Whether the store is clean now (for a dry run: whether it was clean already). */
    public boolean clean() {
      return after != null ? after.clean() : before.clean();
    }
  }

  /** Repairs the store, or with {@code dryRun} only says what it would do. */
  public Report repair(boolean dryRun) {
    if (dryRun) {
      StoreCheck.Checked checked = lock.call(check::checkLocked);
      StoreReport before = checked.report();
      List<String> plan = new ArrayList<>();
      for (StoreFinding p : before.problems()) {
        if (p.repair() != null) {
          plan.add(p.file() + ": " + p.repair());
        }
      }
      List<String> cannot = unrepairable(before);
      return new Report(
          true, !cannot.isEmpty(), plan, cannot, lostLines(checked.lost()), null, before, null);
    }
    return lock.call(this::repairLocked);
  }

  /**
   * The problems repair has no safe fix for (a file a newer auto-dev wrote), as it reports them.
   */
  private static List<String> unrepairable(StoreReport report) {
    List<String> cannot = new ArrayList<>();
    for (StoreFinding p : report.problems()) {
      if (p.repair() == null) {
        cannot.add(p.file() + ": " + p.problem() + " (" + p.meaning() + ")");
      }
    }
    return cannot;
  }

  /**
   * Each lost record once, by id and name where known, though several files may know of it; then
   * the records index.json knows only as a count.
   */
  static List<String> lostLines(List<LostRecords.Loss> losses) {
    Map<UUID, LostRecords.Known> byId = new LinkedHashMap<>();
    for (LostRecords.Loss l : losses) {
      for (LostRecords.Known k : l.tasks()) {
        LostRecords.Known seen = byId.get(k.id());
        if (seen == null
            || (seen.name() == null && k.name() != null)
            || (seen.status() == null && k.status() != null)) {
          byId.put(
              k.id(),
              new LostRecords.Known(
                  k.id(),
                  seen != null && seen.name() != null ? seen.name() : k.name(),
                  seen != null && seen.status() != null ? seen.status() : k.status()));
        }
      }
    }
    List<String> lines = new ArrayList<>();
    byId.values().forEach(k -> lines.add(k.describe()));
    for (LostRecords.Loss l : losses) {
      if (l.uncounted() > 0) {
        lines.add(l.describe().get(l.describe().size() - 1));
      }
    }
    return lines;
  }

  private Report repairLocked() {
    StoreCheck.Checked checked = check.checkLocked();
    StoreReport before = checked.report();
    List<String> lost = lostLines(checked.lost());
    if (before.clean()) {
      return new Report(false, false, List.of(), List.of(), List.of(), null, before, before);
    }
    List<String> cannot = unrepairable(before);
    if (!cannot.isEmpty()) {
      return new Report(false, true, List.of(), cannot, lost, null, before, before);
    }
    Path quarantine = Quarantine.folder(paths, clock.instant(), "-repair");
    List<String> actions = new ArrayList<>();
    List<String> notSaved = new ArrayList<>();
    Set<String> files = new LinkedHashSet<>();
    for (StoreFinding p : before.problems()) {
      files.add(p.file());
    }
    for (String name : files) {
      Path file = paths.tasksDir().resolve(name).normalize();
      if (file.startsWith(paths.tasksDir()) && Files.isRegularFile(file)) {
        copyTo(quarantine, file);
        actions.add("kept a copy of " + name + " in " + paths.home().relativize(quarantine));
      }
    }
    Set<String> problemFiles = new HashSet<>(files);
    if (problemFiles.contains("journal.jsonl")) {
      rewriteJournal(actions, notSaved);
    }
    List<JournalEntry> entries = allJournalEntries(notSaved);
    boolean mended = false;
    for (Segment s : history.files()) {
      if (problemFiles.contains(rel(s.path()))) {
        mendSegment(s, quarantine, actions, notSaved);
        mended = true;
      }
    }
    if (mended || problemFiles.contains("history")) {
      rearchive(entries, actions, notSaved);
    }
    if (problemFiles.contains(rel(paths.sessionLog()))) {
      mendSessions(entries, actions, notSaved);
    }
    Path index = paths.historyDir().resolve("index.json");
    if (problemFiles.contains(rel(index)) || (mended && Files.exists(index))) {
      // After segments were mended its entries describe files that are gone or changed.
      move(index, quarantine);
      actions.add("moved history/index.json aside; it is rebuilt from the segments");
    }
    Set<UUID> lostFromSession = new HashSet<>();
    for (LostRecords.Loss l : checked.lost()) {
      if (l.witness() == LostRecords.Witness.SIDECAR) {
        move(paths.tasksDir().resolve(l.file()), quarantine);
        actions.add("moved " + l.file() + " aside: its segment is gone");
      } else if (l.witness() == LostRecords.Witness.SNAPSHOT) {
        l.tasks().forEach(k -> lostFromSession.add(k.id()));
      }
    }
    if (!lost.isEmpty()) {
      // The user is told by id and name, and the journal keeps the list: after this, the files
      // that knew of these records no longer claim them, so verify does not report them again.
      actions.add("lost, as no file holds them any more: " + String.join("; ", lost));
    }
    Set<UUID> finished = new HashSet<>();
    Map<UUID, ArchivedTask> archived = latestArchived();
    List<String> stateFixes = new ArrayList<>();
    List<String> recovered =
        tracker.commitRepair(
            state ->
                fixState(
                    dropOutcomes(state, lostFromSession, stateFixes),
                    archived,
                    finished,
                    stateFixes),
            actions);
    actions.addAll(recovered);
    actions.addAll(stateFixes);
    actions.add("wrote current.json, its backup and memory.json fresh");
    StoreReport after = check.verifyLocked();
    for (StoreFinding p : after.problems()) {
      notSaved.add(p.file() + ": " + p.problem());
    }
    return new Report(
        false,
        false,
        actions,
        notSaved,
        lost,
        Files.isDirectory(quarantine) ? paths.home().relativize(quarantine).toString() : null,
        before,
        after);
  }

  /** Drops this session's outcomes whose records are lost (the repair reports them by name). */
  private static TrackerState dropOutcomes(TrackerState state, Set<UUID> lost, List<String> fixes) {
    if (lost.isEmpty()) {
      return state;
    }
    List<CompletedSummary> completed =
        state.completedTasks().stream().filter(c -> !lost.contains(c.id())).toList();
    List<FailedSummary> failed =
        state.failedTasks().stream().filter(c -> !lost.contains(c.id())).toList();
    int dropped =
        state.completedTasks().size()
            - completed.size()
            + state.failedTasks().size()
            - failed.size();
    if (dropped == 0) {
      return state;
    }
    fixes.add(
        "dropped "
            + dropped
            + " lost task"
            + (dropped == 1 ? "" : "s")
            + " from this session's outcomes in current.json");
    return state.withCompletedTasks(completed).withFailedTasks(failed);
  }

  private String rel(Path file) {
    return paths.tasksDir().relativize(file).toString();
  }

  private void copyTo(Path dir, Path file) {
    try {
      Quarantine.keep(fs, dir, rel(file).replace('/', '_'), Files.readAllBytes(file));
    } catch (IOException e) {
      throw StoreException.io(dir, "quarantine into", e);
    }
  }

  /** Moves a file into quarantine (copy, fsync, then remove the original: never a loss). */
  private void move(Path file, Path dir) {
    if (!Files.exists(file)) {
      return;
    }
    copyTo(dir, file);
    try {
      fs.delete(file);
      fs.syncDirectory(file.getParent());
    } catch (IOException e) {
      throw StoreException.io(file, "move to quarantine", e);
    }
  }

  /** Rewrites journal.jsonl with only its readable, terminated lines. */
  private void rewriteJournal(List<String> actions, List<String> notSaved) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(paths.journal());
    } catch (IOException e) {
      throw StoreException.io(paths.journal(), "read", e);
    }
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    int dropped = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      byte[] line = Arrays.copyOfRange(bytes, start, i + 1);
      start = i + 1;
      try {
        journal.parse(Arrays.copyOf(line, line.length - 1));
        good.writeBytes(line);
      } catch (RuntimeException e) {
        dropped++;
      }
    }
    boolean torn = start < bytes.length;
    if (dropped == 0 && !torn) {
      return;
    }
    byte[] content = good.toByteArray();
    writer.replace(paths.journal(), content, this::checkJournal);
    if (dropped > 0) {
      actions.add(
          "rewrote journal.jsonl without its "
              + dropped
              + " damaged line"
              + (dropped == 1 ? "" : "s"));
      notSaved.add(
          dropped
              + " damaged journal line"
              + (dropped == 1 ? "" : "s")
              + " (the audit trail of those changes; the copy in quarantine/ keeps the bytes)");
    }
    if (torn) {
      actions.add("dropped the torn last journal line (never acknowledged)");
    }
  }

  private void checkJournal(byte[] content) {
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        journal.parse(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
  }

  /** Every readable journal entry, rotated ones first, each revision once, oldest first. */
  private List<JournalEntry> allJournalEntries(List<String> notSaved) {
    Map<Long, JournalEntry> byRev = new LinkedHashMap<>();
    try {
      rotated.entriesAfter(
          0,
          e -> {
            byRev.putIfAbsent(e.rev(), e);
            return false;
          });
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      notSaved.add("a rotated journal segment is damaged: " + e.getMessage());
    }
    for (JournalRepository.Line line : journal.readAfter(0).lines()) {
      JournalEntry e = line.entry();
      if (e != null) {
        byRev.putIfAbsent(e.rev(), e);
      }
    }
    List<JournalEntry> list = new ArrayList<>(byRev.values());
    list.sort(Comparator.comparingLong(JournalEntry::rev));
    return list;
  }

  /** Moves a damaged segment (and its sidecar) aside and writes back its readable records. */
  private void mendSegment(
      Segment s, Path quarantine, List<String> actions, List<String> notSaved) {
    StoreCheck.SegmentScan scan = StoreCheck.scanSegment(s.path());
    move(s.path(), quarantine);
    move(s.sidecarPath(), quarantine);
    String how;
    if (!scan.records.isEmpty()) {
      Path plain = s.plainPath();
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      for (ArchivedTask r : scan.records) {
        lines.writeBytes(ChecksummedLine.frame(HistoryArchive.KEY, TrackerJson.compact(r)));
      }
      try {
        if (Files.exists(plain)) {
          copyTo(quarantine, plain);
        }
        fs.write(plain, lines.toByteArray(), true);
        fs.syncDirectory(plain.getParent());
      } catch (IOException e) {
        throw StoreException.io(plain, "write", e);
      }
      how = "wrote its " + scan.records.size() + " readable records to " + rel(plain);
    } else {
      how = "none of its records could be read";
    }
    actions.add("moved the damaged " + rel(s.path()) + " to quarantine/; " + how);
    if (scan.damaged > 0 || scan.unreadable != null) {
      notSaved.add(
          rel(s.path())
              + ": "
              + (scan.unreadable != null
                  ? "the records after the first " + scan.records.size() + " did not read"
                  : scan.damaged + " damaged records")
              + " unless the journal still holds them (see below)");
    }
  }

  /** Appends to history every finished task the journal holds but no segment has any more. */
  private void rearchive(List<JournalEntry> entries, List<String> actions, List<String> notSaved) {
    Set<String> present = new HashSet<>();
    for (Segment s : history.files()) {
      for (ArchivedTask r : StoreCheck.scanSegment(s.path()).records) {
        present.add(r.task().id() + "@" + r.archivedRevision());
      }
    }
    int count = 0;
    for (JournalEntry e : entries) {
      List<ArchivedTask> missing = new ArrayList<>();
      for (Task t : e.delta().archived()) {
        if (!present.contains(t.id() + "@" + e.rev())) {
          missing.add(new ArchivedTask(ArchivedTask.SCHEMA_VERSION, e.rev(), e.at(), t));
        }
      }
      if (!missing.isEmpty()) {
        history.append(missing);
        count += missing.size();
      }
    }
    if (count > 0) {
      actions.add(
          "re-archived "
              + count
              + " finished task record"
              + (count == 1 ? "" : "s")
              + " from the journal");
    } else {
      notSaved.add(
          "the journal holds none of the lost history records (it was rotated or"
              + " they were archived before it begins)");
    }
  }

  /** Rewrites sessions.jsonl with its readable lines and logs again what the journal holds. */
  private void mendSessions(
      List<JournalEntry> entries, List<String> actions, List<String> notSaved) {
    Path file = paths.sessionLog();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw StoreException.io(file, "read", e);
    }
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    Set<Long> present = new HashSet<>();
    int dropped = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      byte[] line = Arrays.copyOfRange(bytes, start, i);
      start = i + 1;
      try {
        present.add(sessions.parse(line).endedRevision());
        good.write(line, 0, line.length);
        good.write('\n');
      } catch (RuntimeException e) {
        dropped++;
      }
    }
    List<SessionRecord> again = new ArrayList<>();
    for (JournalEntry e : entries) {
      for (SessionRecord r : SessionRecord.of(e.events(), e.rev())) {
        if (present.add(r.endedRevision())) {
          again.add(r);
        }
      }
    }
    again.sort(Comparator.comparingLong(SessionRecord::endedRevision));
    for (SessionRecord r : again) {
      good.writeBytes(ChecksummedLine.frame(SessionLog.KEY, TrackerJson.compact(r)));
    }
    writer.replace(file, good.toByteArray(), c -> {});
    actions.add(
        "rewrote history/sessions.jsonl without "
            + dropped
            + " damaged line"
            + (dropped == 1 ? "" : "s")
            + (again.isEmpty()
                ? ""
                : " and logged " + again.size() + " sessions from the journal"));
    if (dropped > again.size()) {
      notSaved.add(
          (dropped - again.size())
              + " session summar"
              + (dropped - again.size() == 1 ? "y" : "ies")
              + " the journal no longer holds");
    }
  }

  private Map<UUID, ArchivedTask> latestArchived() {
    Map<UUID, ArchivedTask> latest = new HashMap<>();
    for (Segment s : history.files()) {
      for (ArchivedTask r : StoreCheck.scanSegment(s.path()).records) {
        ArchivedTask seen = latest.get(r.task().id());
        if (seen == null || seen.archivedRevision() <= r.archivedRevision()) {
          latest.put(r.task().id(), r);
        }
      }
    }
    return latest;
  }

  /** Drops open copies of tasks history finished, and dependencies on tasks nobody knows. */
  private static TrackerState fixState(
      TrackerState state, Map<UUID, ArchivedTask> archived, Set<UUID> removed, List<String> fixes) {
    TrackerState s = state;
    for (Task t : state.tasks().values()) {
      if (StoreCheck.finishedInHistory(t, archived.get(t.id()))) {
        s = s.withoutTask(t.id());
        if (t.id().equals(s.currentTaskId())) {
          s = s.withCurrentTaskId(null);
        }
        removed.add(t.id());
        fixes.add("removed the open copy of task " + t.shortId() + ", which history has finished");
      }
    }
    Set<UUID> known = StoreCheck.knownTaskIds(s, archived);
    for (Task t : List.copyOf(s.tasks().values())) {
      List<UUID> deps = t.dependsOn().stream().filter(known::contains).toList();
      if (deps.size() != t.dependsOn().size()) {
        s = s.withTask(t.toBuilder().dependsOn(deps).build());
        fixes.add(
            "removed "
                + (t.dependsOn().size() - deps.size())
                + " dependency of task "
                + t.shortId()
                + " on an unknown task");
      }
    }
    return s;
  }
}
