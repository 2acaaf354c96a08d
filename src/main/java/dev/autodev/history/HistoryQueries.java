package dev.autodev.history;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.TimeTally;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.AuditEntry;
import dev.autodev.tracker.HistoryArchive;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SegmentIndex;
import dev.autodev.tracker.SegmentLines;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskNotFoundException;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Answers questions about finished tasks without ever holding the history in memory.
 *
 * <p>A query walks segments newest first and skips each one whose index.json summary cannot match;
 * in a segment it walks blocks newest first and skips each one whose ranges, status bits or Bloom
 * filter cannot match; in a block it rules out records by their columns in the sidecar; only then
 * is a block decompressed (on the query threads, a few blocks ahead, in order) and its remaining
 * lines screened by bytes and parsed. It stops as soon as the page is full. Memory is a few blocks
 * and one page, whatever the size of the history.
 *
 * <p>Records superseded by a later attempt of the same task (a failure that was retried) are left
 * out unless {@link HistoryQuery#attempts()} asks for them: a task appears once, in its latest
 * state, and a task that was retried and is open again is not listed as failed.
 */
@Service
class HistoryQueries {

  private final HistoryArchive archive;
  private final HistoryIndex index;
  private final HistoryMaintenance maintenance;
  private final TaskTracker tracker;
  private final ExecutorService executor;
  private final int window;
  private final TimeTally historyTimes = new TimeTally();
  private final TimeTally searchTimes = new TimeTally();
  private final TimeTally statsTimes = new TimeTally();

  HistoryQueries(
      HistoryArchive archive,
      HistoryIndex index,
      HistoryMaintenance maintenance,
      TaskTracker tracker,
      ExecutorService historyQueryExecutor,
      HistoryProperties properties) {
    this.archive = archive;
    this.index = index;
    this.maintenance = maintenance;
    this.tracker = tracker;
    this.executor = historyQueryExecutor;
    this.window = Math.max(1, properties.threads() * 2);
  }

  /** One archived record as queries return it. */
  record HistoryRecord(long archivedRevision, Instant archivedAt, boolean superseded, Task task) {}

  /** A page of records, newest first, and the cursor of the next page (null: no more). */
  record HistoryPage(List<HistoryRecord> records, int count, @Nullable String nextCursor) {}

  /** A found record and where it is. */
  private record Hit(Segment segment, int ordinal, ArchivedTask record, boolean superseded) {}

  // ---------------------------------------------------------------- task history

  HistoryPage history(HistoryQuery q) {
    return timed(
        historyTimes,
        () -> {
          // The state first: loading it may recover a record a crash kept out of history.
          Set<UUID> open = tracker.state().tasks().keySet();
          HistoryIndex.View view = view();
          List<Hit> hits = scan(view, new QueryPlan(q), open, q.limit() + 1);
          return page(hits, q.limit());
        });
  }

  private static HistoryPage page(List<Hit> hits, int limit) {
    List<HistoryRecord> records = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, hits.size()); i++) {
      Hit h = hits.get(i);
      records.add(
          new HistoryRecord(
              h.record().archivedRevision(),
              h.record().archivedAt(),
              h.superseded(),
              h.record().task()));
    }
    String next = null;
    if (hits.size() > limit) {
      Hit last = hits.get(limit - 1);
      next = Cursor.Archived.at(last.segment(), last.ordinal()).encode();
    }
    return new HistoryPage(records, records.size(), next);
  }

  private HistoryIndex.View view() {
    HistoryIndex.View view = index.view();
    if (view.stale()) {
      maintenance.indexChanged();
    }
    return view;
  }

  /** How long each kind of query took, for {@code autodev.queries}. */
  Map<String, TimeTally> timings() {
    return Map.of("history", historyTimes, "search", searchTimes, "stats", statsTimes);
  }

  /** Archived records in history (superseded attempts included), from the index. */
  long archivedCount() {
    HistoryIndex.View view = view();
    long count = 0;
    for (Segment s : view.segments()) {
      count += view.summary(s).records();
    }
    return count;
  }

  private static <T> T timed(TimeTally tally, Callable<T> query) {
    long start = System.nanoTime();
    try {
      return retrying(query);
    } finally {
      tally.recordSince(start);
    }
  }

  /** A segment compacted under a running query: the query reads the new layout from the start. */
  private static <T> T retrying(Callable<T> query) {
    for (int attempt = 1; ; attempt++) {
      try {
        return query.call();
      } catch (HistoryArchive.SegmentVanishedException e) {
        if (attempt == 3) {
          throw e;
        }
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The newest {@code want} matching records: block work is produced in order on this thread and
   * run on the query threads, up to {@code window} blocks ahead (starting with one, doubling while
   * blocks come back without filling the page), and consumed in order.
   */
  private List<Hit> scan(HistoryIndex.View view, QueryPlan plan, Set<UUID> open, int want) {
    Iterator<Callable<List<Hit>>> work = new BlockWork(view, plan, open, want);
    Deque<Future<List<Hit>>> inflight = new ArrayDeque<>();
    List<Hit> hits = new ArrayList<>();
    int ahead = 1;
    try {
      while (hits.size() < want) {
        while (inflight.size() < ahead && work.hasNext()) {
          inflight.add(executor.submit(work.next()));
        }
        Future<List<Hit>> next = inflight.poll();
        if (next == null) {
          break;
        }
        for (Hit h : await(next)) {
          if (hits.size() < want) {
            hits.add(h);
          }
        }
        ahead = Math.min(window, ahead * 2);
      }
    } finally {
      for (Future<List<Hit>> f : inflight) {
        f.cancel(true);
      }
    }
    return hits;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreErrorCode.IO_ERROR, null, "the query was interrupted");
    }
  }

  /**
   * Whether record {@code r} was superseded: its task is open again, or a later record of it
   * exists. Only a failed attempt can be (completed is final, and only a failed task is retried),
   * which spares building an id for most records.
   */
  private static boolean superseded(
      SegmentIndex idx, int r, Set<UUID> open, HistoryIndex.View view) {
    if (idx.status(r) != TaskStatus.FAILED) {
      return false;
    }
    UUID id = idx.id(r);
    return open.contains(id) || view.supersededInHistory(id, idx.revision(r));
  }

  /** The blocks worth reading, newest first, each with the records in it worth parsing. */
  private final class BlockWork implements Iterator<Callable<List<Hit>>> {
    private final HistoryIndex.View view;
    private final QueryPlan plan;
    private final Set<UUID> open;
    private final int want;
    private final Cursor.@Nullable Archived cursor;
    private final List<Segment> segments;
    private int segment;
    private @Nullable SegmentIndex idx;
    private int block;
    private @Nullable Callable<List<Hit>> ready;

    BlockWork(HistoryIndex.View view, QueryPlan plan, Set<UUID> open, int want) {
      this.view = view;
      this.plan = plan;
      this.open = open;
      this.want = want;
      this.cursor = plan.query().cursor() instanceof Cursor.Archived a ? a : null;
      this.segments = view.segments();
      this.segment = segments.size();
    }

    @Override
    public boolean hasNext() {
      while (ready == null) {
        if (idx == null || block < 0) {
          if (!nextSegment()) {
            return false;
          }
        }
        ready = blockWork(block--);
      }
      return true;
    }

    @Override
    public Callable<List<Hit>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Callable<List<Hit>> r = ready;
      ready = null;
      return r;
    }

    private boolean nextSegment() {
      idx = null;
      while (--segment >= 0) {
        Segment s = segments.get(segment);
        if (cursor != null && cursor.compareSegment(s) > 0) {
          continue; // newer than the previous page's last record
        }
        if (!plan.mayMatch(view.summary(s))) {
          continue;
        }
        idx = archive.index(s);
        block = idx.blockCount() - 1;
        return true;
      }
      return false;
    }

    private @Nullable Callable<List<Hit>> blockWork(int b) {
      Segment s = segments.get(segment);
      SegmentIndex index = idx;
      SegmentIndex.Block blk = index.block(b);
      int end = blk.firstRecord() + blk.records();
      if (cursor != null && cursor.compareSegment(s) == 0) {
        end = Math.min(end, cursor.ordinal());
      }
      if (end <= blk.firstRecord() || !plan.mayMatch(blk)) {
        return null;
      }
      boolean attempts = plan.query().attempts();
      int[] candidates = new int[end - blk.firstRecord()];
      boolean[] superseded = new boolean[candidates.length];
      int n = 0;
      for (int r = end - 1; r >= blk.firstRecord(); r--) {
        if (!plan.mayMatch(index, r)) {
          continue;
        }
        boolean old = superseded(index, r, open, view);
        if (old && !attempts) {
          continue;
        }
        superseded[n] = old;
        candidates[n++] = r;
      }
      if (n == 0) {
        return null;
      }
      int count = n;
      return () -> readBlock(s, blk, candidates, superseded, count);
    }

    private List<Hit> readBlock(
        Segment s, SegmentIndex.Block blk, int[] candidates, boolean[] superseded, int count) {
      byte[] content = archive.content(s, blk);
      if (!plan.blockMayMatch(content)) {
        return List.of();
      }
      SegmentLines lines = SegmentLines.split(content);
      List<Hit> hits = new ArrayList<>();
      for (int k = 0; k < count && hits.size() < want; k++) {
        int i = candidates[k] - blk.firstRecord();
        if (i >= lines.size() || !lines.terminated(i)) {
          continue;
        }
        byte[] line = lines.all().get(i);
        if (!plan.lineMayMatch(line)) {
          continue;
        }
        ArchivedTask r = HistoryArchive.tryParse(line, s.path());
        if (r != null && plan.matches(r)) {
          hits.add(new Hit(s, candidates[k], r, superseded[k]));
        }
      }
      return hits;
    }
  }

  // ---------------------------------------------------------------- task search

  /** One search result: an open task, or an archived record. */
  record SearchHit(
      String source, @Nullable Long archivedRevision, @Nullable Instant archivedAt, Task task) {}

  /** A page of search results and the cursor of the next page. */
  record SearchPage(List<SearchHit> results, int count, @Nullable String nextCursor) {}

  private static final Comparator<Task> RECENT_FIRST =
      Comparator.comparing(Task::updatedAt).reversed().thenComparing(Task::id);

  /**
   * Open and archived tasks whose text holds {@code text}: open ones first (most recently updated
   * first), then archived ones newest first, each task once.
   */
  SearchPage search(String text, int limit, @Nullable Cursor cursor) {
    return timed(
        searchTimes,
        () -> {
          HistoryQuery q = HistoryQuery.all(limit).withText(text);
          QueryPlan plan = new QueryPlan(q);
          List<SearchHit> results = new ArrayList<>();
          String next = null;
          if (!(cursor instanceof Cursor.Archived)) {
            List<Task> open =
                tracker.openTasks().stream()
                    .filter(plan::textMatches)
                    .sorted(RECENT_FIRST)
                    .filter(t -> cursor == null || after(t, (Cursor.Open) cursor))
                    .toList();
            for (Task t : open) {
              if (results.size() == limit) {
                next = new Cursor.Open(previousUpdate(results), previousId(results)).encode();
                break;
              }
              results.add(new SearchHit("open", null, null, t));
            }
          }
          if (next == null && results.size() < limit) {
            Cursor.Archived from = cursor instanceof Cursor.Archived a ? a : null;
            HistoryPage archived = history(q.withLimit(limit - results.size()).withCursor(from));
            for (HistoryRecord r : archived.records()) {
              results.add(new SearchHit("history", r.archivedRevision(), r.archivedAt(), r.task()));
            }
            next = archived.nextCursor();
          } else if (next == null) {
            // The page filled exactly with open tasks: archived matches may follow.
            HistoryPage peek = history(q.withLimit(1));
            if (!peek.records().isEmpty()) {
              next = new Cursor.Open(previousUpdate(results), previousId(results)).encode();
            }
          }
          return new SearchPage(results, results.size(), next);
        });
  }

  private static boolean after(Task t, Cursor.Open c) {
    long updated = t.updatedAt().toEpochMilli();
    return updated < c.updatedMillis()
        || (updated == c.updatedMillis() && t.id().compareTo(c.id()) > 0);
  }

  private static long previousUpdate(List<SearchHit> results) {
    return results.get(results.size() - 1).task().updatedAt().toEpochMilli();
  }

  private static UUID previousId(List<SearchHit> results) {
    return results.get(results.size() - 1).task().id();
  }

  // ---------------------------------------------------------------- task log

  /** Every event of one task, in order: its own audit trail, open or archived. */
  record TaskEvents(
      UUID taskId, String name, TaskStatus status, boolean archived, List<AuditEntry> events) {}

  /**
   * The trail of a task. Each change appends to the task's own trail, and a retry carries the trail
   * back out of history, so the task's latest version (open, or its newest archived record) holds
   * every event of its whole life, in order, with time, session and run.
   */
  TaskEvents log(UUID id) {
    Task open = tracker.state().task(id);
    if (open != null) {
      return new TaskEvents(id, open.name(), open.status(), false, open.events());
    }
    ArchivedTask r =
        retrying(
            () ->
                archive.findLatest(id).orElseThrow(() -> new TaskNotFoundException(id.toString())));
    Task t = r.task();
    return new TaskEvents(id, t.name(), t.status(), true, t.events());
  }

  // ---------------------------------------------------------------- task stats

  /** {@code task stats}: see {@link HistoryStats}. */
  HistoryStats.Report stats(@Nullable Instant since, @Nullable Instant until, int weeks) {
    return timed(
        statsTimes,
        () -> {
          Set<UUID> open = tracker.state().tasks().keySet();
          HistoryIndex.View view = view();
          HistoryStats stats = new HistoryStats(since, until, weeks);
          for (Task t : tracker.openTasks()) {
            stats.open(t.status());
          }
          long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
          long to = until == null ? Long.MAX_VALUE : until.toEpochMilli();
          for (Segment s : view.segments()) {
            var summary = view.summary(s);
            if (summary.records() == 0
                || summary.lastFinishedAt() == null
                || summary.firstFinishedAt() == null
                || summary.lastFinishedAt().toEpochMilli() < from
                || summary.firstFinishedAt().toEpochMilli() >= to) {
              continue;
            }
            SegmentIndex idx = archive.index(s);
            for (int r = 0; r < idx.recordCount(); r++) {
              long fin = idx.finishedMillis(r);
              TaskStatus status = idx.status(r);
              if (idx.damaged(r) || status == null || fin < from || fin >= to) {
                continue;
              }
              stats.add(status, fin, idx.durationSeconds(r), superseded(idx, r, open, view));
            }
          }
          return stats.report();
        });
  }
}
