package dev.autodev.tracker;

import dev.autodev.store.StoreException;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Finished tasks that a file still knows of but that no history segment holds any more and the
 * journal can no longer archive again: lost. The files that know of them — the witnesses — are
 * history/index.json (per segment a count, with its revision and finish-time ranges), the sidecar
 * of a compressed segment (the id, revision and status of each record) and the session's outcomes
 * in current.json and its backup (id and name). A name is taken from wherever one is still written:
 * those outcomes, history/sessions.jsonl, the journal.
 *
 * <p>{@code store verify} reports each witness as a problem. {@code store repair} tells the user
 * what is lost, by id and name, records that in its {@code store_recovered} entry, and then sets
 * the witnesses straight (index.json rebuilt from the segments, the sidecar moved to quarantine/,
 * the outcome dropped), so the next verify does not report the same loss again.
 */
final class LostRecords {

  /** Which kind of file knows of the lost records, and so what repair does about it. */
  enum Witness {
    INDEX,
    SIDECAR,
    SNAPSHOT
  }

  /** A lost task record, as much as is known of it. */
  record Known(UUID id, @Nullable String name, @Nullable TaskStatus status) {

    String describe() {
      return "task "
          + id.toString().substring(0, 8)
          + (name == null ? "" : " '" + name + "'")
          + (status == null ? "" : " (" + status.wire() + ")");
    }
  }

  /**
   * What one file knows of that is lost: the records known by id, and how many more it knows only
   * as a count.
   *
   * @param file the witness, relative to tasks/
   * @param segment the history segment the records were in, when the witness says
   */
  record Loss(
      Witness witness, String file, @Nullable String segment, List<Known> tasks, long uncounted) {

    Loss {
      tasks = List.copyOf(tasks);
    }

    long count() {
      return tasks.size() + uncounted;
    }

    /** Every lost record this witness knows, for the report: by id and name, then the count. */
    List<String> describe() {
      List<String> lines = new ArrayList<>();
      for (Known k : tasks) {
        lines.add(k.describe());
      }
      if (uncounted > 0) {
        lines.add(
            uncounted
                + " more finished task record"
                + (uncounted == 1 ? "" : "s")
                + (segment == null ? "" : " of " + segment)
                + ", known only by their count in "
                + file);
      }
      return lines;
    }

    StoreFinding finding() {
      String what =
          switch (witness) {
            case INDEX -> "lists ";
            case SIDECAR -> "describes ";
            case SNAPSHOT -> "names as finished in this session ";
          };
      String records = count() + " finished task record" + (count() == 1 ? "" : "s");
      String repair =
          switch (witness) {
            case INDEX -> "report them as lost, then rebuild index.json from the segments left";
            case SIDECAR -> "report them as lost, then move the sidecar to quarantine/";
            case SNAPSHOT ->
                "report them as lost, then drop them from the session's outcomes in current.json";
          };
      return new StoreFinding(
          file,
          what
              + records
              + (segment == null ? "" : " of " + segment)
              + " that no history file holds: "
              + String.join(", ", describe()),
          "those finished tasks are lost: neither history nor the journal holds them any more",
          repair);
    }
  }

  /** The records the history segments hold, gathered while they are read. */
  static final class Held {
    private final Set<String> keys = new HashSet<>();
    private final Set<UUID> ids = new HashSet<>();
    private long[] revisions = new long[64];
    private long[] finished = new long[64];
    private int size;
    private boolean sorted = true;

    void add(ArchivedTask r) {
      keys.add(key(r.task().id(), r.archivedRevision()));
      ids.add(r.task().id());
      if (size == revisions.length) {
        revisions = Arrays.copyOf(revisions, size * 2);
        finished = Arrays.copyOf(finished, size * 2);
      }
      revisions[size] = r.archivedRevision();
      finished[size] = ArchivedRecords.finishedAt(r).toEpochMilli();
      size++;
      sorted = false;
    }

    boolean holds(UUID id, long revision) {
      return keys.contains(key(id, revision));
    }

    boolean holds(UUID id) {
      return ids.contains(id);
    }

    /** How many held records were archived at revisions {@code from}–{@code to}. */
    int withRevisionIn(long from, long to) {
      sort();
      return between(revisions, from, to);
    }

    /** How many held records finished at {@code from}–{@code to} (epoch milliseconds). */
    int finishedIn(long from, long to) {
      sort();
      return between(finished, from, to);
    }

    private int between(long[] sortedValues, long from, long to) {
      return upper(sortedValues, to) - upper(sortedValues, from - 1);
    }

    /** The number of values at most {@code v}. */
    private int upper(long[] a, long v) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (a[mid] <= v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private void sort() {
      if (!sorted) {
        Arrays.sort(revisions, 0, size);
        Arrays.sort(finished, 0, size);
        sorted = true;
      }
    }
  }

  private final StorePaths paths;
  private final SnapshotRepository snapshots;
  private final JournalRepository journal;
  private final JournalArchive rotated;
  private final SessionLog sessions;

  LostRecords(
      StorePaths paths,
      SnapshotRepository snapshots,
      JournalRepository journal,
      JournalArchive rotated,
      SessionLog sessions) {
    this.paths = paths;
    this.snapshots = snapshots;
    this.journal = journal;
    this.rotated = rotated;
    this.sessions = sessions;
  }

  static String key(UUID id, long revision) {
    return id + "@" + revision;
  }

  /** A witness's claim before the journal and the names are consulted. */
  private static final class Claim {
    final Witness witness;
    final String file;
    final @Nullable String segment;
    final Map<UUID, Known> tasks = new LinkedHashMap<>();
    final Map<UUID, Long> revisions = new HashMap<>();
    long missing;
    long fromRevision;
    long toRevision;
    long fromFinished;
    long toFinished;

    Claim(Witness witness, String file, @Nullable String segment) {
      this.witness = witness;
      this.file = file;
      this.segment = segment;
    }
  }

  /**
   * The losses the witnesses know of, given the records the segments hold and the snapshot state
   * (null when current.json does not read). Reads the journal, the rotated journal segments and
   * sessions.jsonl only when some witness knows of a record the segments do not hold.
   */
  List<Loss> find(@Nullable TrackerState state, Held held) {
    List<Claim> claims = new ArrayList<>();
    indexClaims(held, claims);
    sidecarClaims(held, claims);
    if (state != null) {
      snapshotClaim(state, "current.json", held, claims);
    }
    TrackerState bak = backup();
    if (bak != null) {
      snapshotClaim(bak, "current.json.bak", held, claims);
    }
    if (claims.isEmpty()) {
      return List.of();
    }
    Journaled journaled = journaled();
    List<SessionRecord> ended = sessionRecords();
    List<TrackerState> snapshots = new ArrayList<>();
    if (bak != null) {
      snapshots.add(bak);
    }
    if (state != null) {
      snapshots.add(state);
    }
    Map<UUID, String> names = new HashMap<>(journaled.names);
    for (SessionRecord r : ended) {
      r.completed().forEach(c -> names.putIfAbsent(c.id(), c.name()));
      r.failed().forEach(c -> names.putIfAbsent(c.id(), c.name()));
    }
    for (TrackerState s : snapshots) {
      s.completedTasks().forEach(c -> names.put(c.id(), c.name()));
      s.failedTasks().forEach(c -> names.put(c.id(), c.name()));
      s.tasks().values().forEach(t -> names.put(t.id(), t.name()));
    }
    List<Loss> losses = new ArrayList<>();
    for (Claim c : claims) {
      List<Known> tasks = new ArrayList<>();
      for (Known k : c.tasks.values()) {
        Long rev = c.revisions.get(k.id());
        boolean again =
            rev == null ? journaled.archivedIds.contains(k.id()) : journaled.has(k.id(), rev);
        if (!again) {
          tasks.add(new Known(k.id(), k.name() != null ? k.name() : names.get(k.id()), k.status()));
        }
      }
      long uncounted = 0;
      if (c.witness == Witness.INDEX) {
        // Records the journal can archive again are not lost; those it cannot, and whose names
        // are known (a session's outcomes), are named; the rest stay a count.
        long again = journaled.notHeldIn(held, c.fromRevision, c.toRevision);
        long lost = c.missing - again;
        for (Known k : lostByName(journaled, held, c, ended, snapshots)) {
          if (tasks.size() < lost) {
            tasks.add(k);
          }
        }
        uncounted = Math.max(0, lost - tasks.size());
      }
      if (!tasks.isEmpty() || uncounted > 0) {
        losses.add(new Loss(c.witness, c.file, c.segment, tasks, uncounted));
      }
    }
    return losses;
  }

  // ---------------------------------------------------------------- the witnesses

  /**
   * index.json entries whose segment holds fewer records than they list. A single damaged field
   * cannot fake a loss: the records are counted both by revision range and by finish-time range,
   * and only what both count as missing is.
   */
  private void indexClaims(Held held, List<Claim> claims) {
    byte[] bytes = SnapshotRepository.readBytes(paths.historyDir().resolve("index.json"));
    if (bytes == null) {
      return;
    }
    JsonNode root;
    try {
      root = TrackerJson.mapper().readTree(bytes);
    } catch (RuntimeException e) {
      return; // damaged: verify reports it as such, and it witnesses nothing
    }
    if (root == null
        || root.path("schema_version").asInt(-1) != StoreCheck.INDEX_SCHEMA_VERSION
        || !root.path("segments").isArray()) {
      return;
    }
    for (JsonNode e : root.path("segments")) {
      JsonNode s = e.path("summary");
      long records = s.path("records").asLong(0);
      long byStatus = 0;
      for (JsonNode n : s.path("by_status")) {
        byStatus += n.asLong(0);
      }
      Instant first = instant(s.path("first_finished_at"));
      Instant last = instant(s.path("last_finished_at"));
      long minRev = s.path("min_revision").asLong(-1);
      long maxRev = s.path("max_revision").asLong(-1);
      if (records <= 0
          || records != byStatus
          || first == null
          || last == null
          || minRev <= 0
          || maxRev < minRev) {
        continue; // nothing listed, or an entry that contradicts itself: no witness
      }
      long byRevision = records - held.withRevisionIn(minRev, maxRev);
      long byTime = records - held.finishedIn(first.toEpochMilli(), last.toEpochMilli());
      long missing = Math.min(byRevision, byTime);
      if (missing > 0) {
        Claim c =
            new Claim(
                Witness.INDEX,
                rel(paths.historyDir().resolve("index.json")),
                "history/" + e.path("file").asString(""));
        c.missing = missing;
        c.fromRevision = minRev;
        c.toRevision = maxRev;
        c.fromFinished = first.toEpochMilli();
        c.toFinished = last.toEpochMilli();
        claims.add(c);
      }
    }
  }

  private static @Nullable Instant instant(JsonNode node) {
    try {
      return node.isString() ? Instant.parse(node.asString()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Sidecars whose records the segments do not hold (their segment was removed or replaced). */
  private void sidecarClaims(Held held, List<Claim> claims) {
    if (!Files.isDirectory(paths.historyDir())) {
      return;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.historyDir(), "*.idx")) {
      for (Path file : dir) {
        SegmentIndex idx;
        try {
          idx = SegmentIndex.read(file);
          Path segment = file.resolveSibling(idx.header().segment());
          if (Files.exists(segment) && idx.describes(segment)) {
            continue; // its segment is there as the sidecar knew it: the scan read every record
          }
          Claim c = new Claim(Witness.SIDECAR, rel(file), "history/" + idx.header().segment());
          for (int i = 0; i < idx.recordCount(); i++) {
            if (!idx.damaged(i) && !held.holds(idx.id(i), idx.revision(i))) {
              c.tasks.put(idx.id(i), new Known(idx.id(i), null, idx.status(i)));
              c.revisions.put(idx.id(i), idx.revision(i));
            }
          }
          if (!c.tasks.isEmpty()) {
            claims.add(c);
          }
        } catch (StoreException e) {
          // damaged or newer: derived data, rebuilt from its segment; it witnesses nothing
        }
      }
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "list", e);
    }
  }

  /** This session's completed and failed tasks whose record no segment holds. */
  private static void snapshotClaim(
      TrackerState state, String file, Held held, List<Claim> claims) {
    Claim c = new Claim(Witness.SNAPSHOT, file, null);
    for (CompletedSummary s : state.completedTasks()) {
      if (!held.holds(s.id())) {
        c.tasks.put(s.id(), new Known(s.id(), s.name(), TaskStatus.COMPLETED));
      }
    }
    for (FailedSummary s : state.failedTasks()) {
      if (!held.holds(s.id()) && state.task(s.id()) == null) {
        c.tasks.put(s.id(), new Known(s.id(), s.name(), TaskStatus.FAILED));
      }
    }
    if (!c.tasks.isEmpty()) {
      claims.add(c);
    }
  }

  private @Nullable TrackerState backup() {
    try {
      return snapshots.readCurrent(StorePaths.backupOf(paths.current())).value();
    } catch (StoreException e) {
      return null; // verify reports it; a newer or damaged backup witnesses nothing here
    }
  }

  // ---------------------------------------------------------------- what else is still written

  /** What the journal (and its rotated segments) still holds: records to archive again, names. */
  private static final class Journaled {
    final Set<String> archived = new HashSet<>();
    final Set<UUID> archivedIds = new HashSet<>();
    final List<Long> archivedRevisions = new ArrayList<>();
    final List<UUID> archivedOf = new ArrayList<>();
    final Map<UUID, String> names = new HashMap<>();

    void add(JournalEntry e) {
      for (Task t : e.delta().archived()) {
        if (archived.add(key(t.id(), e.rev()))) {
          archivedIds.add(t.id());
          archivedRevisions.add(e.rev());
          archivedOf.add(t.id());
        }
        names.put(t.id(), t.name());
      }
      for (Task t : e.delta().upserts()) {
        names.put(t.id(), t.name());
      }
      for (DomainEvent d : e.events()) {
        if (d instanceof DomainEvent.TaskCreated c) {
          names.put(c.taskId(), c.name());
        }
      }
    }

    boolean has(UUID id, long revision) {
      return archived.contains(key(id, revision));
    }

    /** Records the journal archived at revisions {@code from}–{@code to} that no segment holds. */
    long notHeldIn(Held held, long from, long to) {
      long n = 0;
      for (int i = 0; i < archivedRevisions.size(); i++) {
        long rev = archivedRevisions.get(i);
        if (rev >= from && rev <= to && !held.holds(archivedOf.get(i), rev)) {
          n++;
        }
      }
      return n;
    }
  }

  private Journaled journaled() {
    Journaled j = new Journaled();
    try {
      rotated.entriesAfter(
          0,
          e -> {
            j.add(e);
            return false;
          });
    } catch (StoreException e) {
      // a damaged rotated segment: verify reports it; what it still held is not counted on
    }
    for (JournalRepository.Line line : journal.readAfter(0).lines()) {
      if (line.entry() != null) {
        j.add(line.entry());
      }
    }
    return j;
  }

  private List<SessionRecord> sessionRecords() {
    byte[] bytes = SnapshotRepository.readBytes(paths.sessionLog());
    List<SessionRecord> records = new ArrayList<>();
    if (bytes == null) {
      return records;
    }
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        try {
          records.add(sessions.parse(Arrays.copyOfRange(bytes, start, i)));
        } catch (RuntimeException e) {
          // damaged: verify reports it
        }
        start = i + 1;
      }
    }
    return records;
  }

  /**
   * Tasks an ended session or the snapshots name as finished, within an index entry's finish-time
   * range, that no segment holds and the journal cannot archive again: the names behind a count.
   */
  private static List<Known> lostByName(
      Journaled journaled,
      Held held,
      Claim c,
      List<SessionRecord> ended,
      List<TrackerState> snapshots) {
    Map<UUID, Known> found = new LinkedHashMap<>();
    for (SessionRecord r : ended) {
      for (CompletedSummary s : r.completed()) {
        named(found, journaled, held, c, s.id(), s.name(), TaskStatus.COMPLETED, s.completedAt());
      }
      for (FailedSummary s : r.failed()) {
        named(found, journaled, held, c, s.id(), s.name(), TaskStatus.FAILED, s.failedAt());
      }
    }
    for (TrackerState s : snapshots) {
      for (CompletedSummary x : s.completedTasks()) {
        named(found, journaled, held, c, x.id(), x.name(), TaskStatus.COMPLETED, x.completedAt());
      }
      for (FailedSummary x : s.failedTasks()) {
        named(found, journaled, held, c, x.id(), x.name(), TaskStatus.FAILED, x.failedAt());
      }
    }
    return List.copyOf(found.values());
  }

  private static void named(
      Map<UUID, Known> found,
      Journaled journaled,
      Held held,
      Claim c,
      UUID id,
      String name,
      TaskStatus status,
      @Nullable Instant finishedAt) {
    if (finishedAt == null
        || held.holds(id)
        || journaled.archivedIds.contains(id)
        || finishedAt.toEpochMilli() < c.fromFinished
        || finishedAt.toEpochMilli() > c.toFinished) {
      return;
    }
    found.putIfAbsent(id, new Known(id, name, status));
  }

  private String rel(Path file) {
    return paths.tasksDir().relativize(file).toString();
  }
}
