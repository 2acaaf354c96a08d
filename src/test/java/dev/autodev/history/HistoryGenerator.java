package dev.autodev.history;

import dev.autodev.store.ChecksummedLine;
import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.AuditEntry;
import dev.autodev.tracker.CompressedSegmentWriter;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SnapshotSeed;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskContext;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TrackerJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes a realistic history of archived tasks straight into a data folder's {@code history/}, as
 * plain or compressed segments, without the durable write path (which fsyncs every change): for
 * tests that need many records and for the benchmark. Deterministic for a seed.
 *
 * <p>What it looks like: tasks named from a vocabulary of verbs, objects and qualifiers; about half
 * with a description; files, decisions and notes; 0–3 tags; a quarter with a parent; durations
 * log-normal around 45 minutes; 13% failed; 4% of tasks fail once, are retried and finish later (so
 * one id has two records, the later carrying the whole trail); sessions of about 25 tasks. Exactly
 * one record in {@value #RARE_EVERY} carries the rare word {@value #RARE_WORD} in a note, so a text
 * query for it has a known answer.
 */
public final class HistoryGenerator {

  public static final String RARE_WORD = "quokka";
  public static final int RARE_EVERY = 100_003;

  private static final String[] VERBS = {
    "Implement",
    "Fix",
    "Refactor",
    "Add",
    "Remove",
    "Migrate",
    "Document",
    "Investigate",
    "Optimize",
    "Test",
    "Review",
    "Upgrade",
    "Configure",
    "Extract",
    "Rename",
    "Split",
    "Cache",
    "Validate",
    "Deploy",
    "Benchmark"
  };
  private static final String[] OBJECTS = {
    "the login form", "user session handling", "payment retry logic", "CSV export",
    "the search index", "the rate limiter", "the database migration", "API pagination",
    "error messages", "the build pipeline", "a flaky integration test", "the config loader",
    "the audit log", "the notification service", "the webhook handler", "the dark mode toggle",
    "file uploads", "a memory leak in the worker", "the dependency graph", "the release notes",
    "the billing report", "password reset", "the onboarding wizard", "image thumbnails",
    "the GraphQL schema", "retry backoff", "the cron scheduler", "feature flags",
    "the metrics dashboard", "log rotation"
  };
  private static final String[] QUALIFIERS = {
    "",
    "",
    "",
    " for mobile clients",
    " in the admin panel",
    " behind a feature flag",
    " for the v2 API",
    " on Windows",
    " after the schema change",
    " for large accounts",
    " in the EU region",
    " before the release"
  };
  private static final String[] SENTENCES = {
    "Users reported timeouts when the list grows past a few thousand entries.",
    "The current implementation reads everything into memory at start-up.",
    "We need this before the quarterly release.",
    "Keep the public interface unchanged; only the internals move.",
    "Customers on the legacy plan still depend on the old behaviour.",
    "The fix must be covered by an integration test that runs in CI.",
    "Coordinate with the platform team about the deployment window.",
    "Measure before and after; the goal is a 2x improvement.",
    "There is a workaround documented in the wiki, but it is fragile.",
    "Error handling is inconsistent across the three call sites.",
    "The old code path can be deleted once telemetry shows no traffic.",
    "See the incident review from last month for the background."
  };
  private static final String[] DECISIONS = {
    "Use a two-phase rename",
    "Keep the old endpoint for one release",
    "Store timestamps in UTC",
    "Prefer streaming over buffering",
    "Retry with jittered backoff",
    "Validate input at the edge",
    "Split the change into two pull requests",
    "Use an index instead of a full scan",
    "Drop support for the legacy format",
    "Guard it behind a feature flag"
  };
  private static final String[] NOTES = {
    "check the rollback path",
    "flaky on CI, rerun before merging",
    "ask about data retention",
    "needs a migration note in the changelog",
    "benchmark on the staging data set",
    "review with the security team",
    "the test fixture is out of date",
    "waiting on an upstream fix",
    "pair with Sam on this",
    "remember to update the dashboard"
  };
  private static final String[] FILES = {
    "src/main/java/app/Login.java",
    "src/main/java/app/Session.java",
    "src/db/Migration.sql",
    "src/api/Pagination.kt",
    "web/src/components/Form.tsx",
    "web/src/theme.css",
    "scripts/deploy.sh",
    "docs/architecture.md",
    "src/worker/queue.rs",
    "config/app.yml",
    "src/search/Index.java",
    "src/billing/Report.py",
    "tests/integration/ExportTest.java",
    "Makefile",
    "build.gradle"
  };
  private static final String[] TAGS = {
    "db",
    "api",
    "ui",
    "perf",
    "bug",
    "infra",
    "docs",
    "test",
    "security",
    "refactor",
    "cli",
    "ci",
    "billing",
    "search",
    "mobile",
    "backend"
  };
  private static final String[] FAILURES = {
    "blocked on review",
    "tests fail on CI",
    "requirements changed",
    "upstream bug",
    "out of time this sprint",
    "approach did not scale"
  };

  /**
   * What to generate.
   *
   * @param records archived records (a retried task contributes two)
   * @param months how many months before {@code end} the history spans
   * @param compress write closed segments compressed (the newest stays plain when {@code plainTail}
   *     > 0)
   * @param plainTail how many of the newest segments to leave plain when compressing
   */
  public record Options(
      int records,
      int months,
      Instant end,
      long seed,
      boolean compress,
      int plainTail,
      long segmentMaxBytes) {

    public static Options of(int records) {
      return new Options(
          records, 24, Instant.parse("2026-06-01T00:00:00Z"), 42, false, 0, 16L << 20);
    }

    public Options compressed(boolean value, int plain) {
      return new Options(records, months, end, seed, value, plain, segmentMaxBytes);
    }

    public Options months(int value) {
      return new Options(records, value, end, seed, compress, plainTail, segmentMaxBytes);
    }

    public Options segmentMaxBytes(long value) {
      return new Options(records, months, end, seed, compress, plainTail, value);
    }

    public Options end(Instant value) {
      return new Options(records, months, value, seed, compress, plainTail, segmentMaxBytes);
    }

    public Options seed(long value) {
      return new Options(records, months, end, value, compress, plainTail, segmentMaxBytes);
    }
  }

  /** What was written. */
  public record Result(
      long records,
      long tasks,
      long rareRecords,
      long lastRevision,
      long plainBytes,
      int segments) {}

  private final Options options;
  private final SplittableRandom random;
  private final Path dir;
  private final StoreFileSystem fs = new RealStoreFileSystem();
  private final Deque<UUID> recent = new ArrayDeque<>();
  private final PriorityQueue<Retry> retries = new PriorityQueue<>();
  private final List<Path> plainSegments = new ArrayList<>();
  private UUID session = UUID.randomUUID();
  private UUID run = UUID.randomUUID();
  private long revision;
  private long written;
  private long tasks;
  private long rare;
  private long plainBytes;
  private int segments;
  private @Nullable Sink sink;

  private record Retry(long dueRecord, Task failed, Instant failedAt) implements Comparable<Retry> {
    @Override
    public int compareTo(Retry o) {
      return Long.compare(dueRecord, o.dueRecord);
    }
  }

  private HistoryGenerator(Path home, Options options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
    this.dir = home.resolve("tasks").resolve("history");
  }

  /** Generates into {@code home} (a data folder whose history must be empty). */
  public static Result generate(Path home, Options options) throws IOException {
    HistoryGenerator g = new HistoryGenerator(home, options);
    Files.createDirectories(g.dir);
    try (var existing = Files.list(g.dir)) {
      if (existing.anyMatch(p -> p.getFileName().toString().contains(".jsonl"))) {
        throw new IllegalStateException(g.dir + " already holds history; generate into a new one");
      }
    }
    g.run();
    SnapshotSeed.writeEmpty(home, g.revision);
    return new Result(g.written, g.tasks, g.rare, g.revision, g.plainBytes, g.segments);
  }

  private void run() throws IOException {
    Instant end = options.end();
    Instant start = end.atZone(ZoneOffset.UTC).minusMonths(options.months()).toInstant();
    long spanMillis = end.toEpochMilli() - start.toEpochMilli();
    double step = (double) spanMillis / options.records();
    for (long i = 0; i < options.records(); i++) {
      Instant at = start.plusMillis((long) (i * step + random.nextDouble() * step * 0.5));
      Retry due = retries.peek();
      ArchivedTask record;
      if (due != null && due.dueRecord() <= i) {
        retries.poll();
        record = finishRetry(due, at);
      } else {
        record = newTask(i, at);
      }
      write(record);
    }
    // Retries still pending finish at the end, in order.
    Instant at = end.minusSeconds(60);
    while (!retries.isEmpty()) {
      write(finishRetry(retries.poll(), at));
      at = at.plusMillis(10);
    }
    closeSink(true);
  }

  private ArchivedTask newTask(long i, Instant finished) {
    if (random.nextInt(25) == 0) {
      session = UUID.randomUUID();
    }
    if (random.nextInt(10) == 0) {
      run = UUID.randomUUID();
    }
    tasks++;
    UUID id = randomId();
    long duration = (long) Math.min(7 * 86_400, Math.max(30, Math.exp(Math.log(2700) + gauss())));
    long wait =
        (long) Math.min(30 * 86_400, Math.max(5, Math.exp(Math.log(6 * 3600) + 1.5 * gauss())));
    Instant started = finished.minusSeconds(duration);
    Instant created = started.minusSeconds(wait);
    String name = pick(VERBS) + " " + pick(OBJECTS) + pick(QUALIFIERS);
    String description = null;
    if (random.nextInt(2) == 0) {
      StringBuilder d = new StringBuilder(pick(SENTENCES));
      for (int s = random.nextInt(3); s > 0; s--) {
        d.append(' ').append(pick(SENTENCES));
      }
      description = d.toString();
    }
    List<String> files = new ArrayList<>();
    for (int f = random.nextInt(5); f > 0; f--) {
      String file = pick(FILES);
      if (!files.contains(file)) {
        files.add(file);
      }
    }
    List<String> decisions = new ArrayList<>();
    for (int d = random.nextInt(3); d > 0; d--) {
      decisions.add(pick(DECISIONS));
    }
    List<String> notes = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) {
      notes.add(pick(NOTES));
    }
    if (i % RARE_EVERY == 7) {
      notes.add("saw a " + RARE_WORD + " in the stack trace");
      rare++;
    }
    List<String> tags = new ArrayList<>();
    for (int t = random.nextInt(4); t > 0; t--) {
      String tag = pick(TAGS);
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    UUID parent = !recent.isEmpty() && random.nextInt(4) == 0 ? pickRecent() : null;
    List<UUID> deps = new ArrayList<>();
    if (!recent.isEmpty() && random.nextInt(10) == 0) {
      deps.add(pickRecent());
    }
    Priority priority =
        switch (random.nextInt(20)) {
          case 0, 1, 2, 3, 4 -> Priority.LOW;
          case 5, 6, 7, 8 -> Priority.HIGH;
          default -> Priority.MEDIUM;
        };
    boolean retried = random.nextInt(25) == 0;
    boolean failed = retried || random.nextInt(100) < 13;
    List<AuditEntry> events = new ArrayList<>();
    events.add(new AuditEntry(created, "created", session, run, null, TaskStatus.PENDING, null));
    events.add(
        new AuditEntry(
            started, "started", session, run, TaskStatus.PENDING, TaskStatus.IN_PROGRESS, null));
    events.add(new AuditEntry(started, "focused", session, run, null, null, "started"));
    Instant ctxAt = started.plusSeconds(duration / 3);
    for (String f : files) {
      events.add(new AuditEntry(ctxAt, "context_file", session, run, null, null, f));
    }
    for (String d : decisions) {
      events.add(new AuditEntry(ctxAt, "context_decision", session, run, null, null, d));
    }
    for (String n : notes) {
      events.add(new AuditEntry(ctxAt, "context_note", session, run, null, null, n));
    }
    String reason = failed ? pick(FAILURES) : null;
    events.add(
        new AuditEntry(
            finished,
            failed ? "failed" : "completed",
            session,
            run,
            TaskStatus.IN_PROGRESS,
            failed ? TaskStatus.FAILED : TaskStatus.COMPLETED,
            reason));
    Task task =
        new Task(
            id,
            name,
            description,
            failed ? TaskStatus.FAILED : TaskStatus.COMPLETED,
            priority,
            tags,
            parent,
            deps,
            created,
            null, // generated like records from before tasks kept their creating revision
            started,
            failed ? null : finished,
            failed ? finished : null,
            finished,
            duration,
            1,
            reason,
            new TaskContext(files, decisions, notes),
            session,
            events.size(),
            events);
    remember(id);
    if (retried) {
      retries.add(new Retry(written + 5 + random.nextInt(200), task, finished));
    }
    return new ArchivedTask(ArchivedTask.SCHEMA_VERSION, 0, finished, task);
  }

  private ArchivedTask finishRetry(Retry retry, Instant finished) {
    Task last = retry.failed();
    Instant restarted = finished.minusSeconds(Math.max(30, last.durationSeconds() / 2));
    if (restarted.isBefore(retry.failedAt())) {
      restarted = retry.failedAt().plusMillis(1);
    }
    long more = Math.max(0, ChronoUnit.SECONDS.between(restarted, finished));
    List<AuditEntry> events = new ArrayList<>(last.events());
    events.add(
        new AuditEntry(
            restarted,
            "retried",
            session,
            run,
            TaskStatus.FAILED,
            TaskStatus.IN_PROGRESS,
            "attempt 2; last failure: " + last.failureReason()));
    events.add(
        new AuditEntry(
            finished,
            "completed",
            session,
            run,
            TaskStatus.IN_PROGRESS,
            TaskStatus.COMPLETED,
            null));
    Task done =
        last.toBuilder()
            .status(TaskStatus.COMPLETED)
            .attempts(2)
            .failedAt(null)
            .failureReason(null)
            .startedAt(restarted)
            .completedAt(finished)
            .durationSeconds(last.durationSeconds() + more)
            .build();
    Task withTrail =
        new Task(
            done.id(),
            done.name(),
            done.description(),
            done.status(),
            done.priority(),
            done.tags(),
            done.parentId(),
            done.dependsOn(),
            done.createdAt(),
            done.createdRevision(),
            done.startedAt(),
            done.completedAt(),
            done.failedAt(),
            finished,
            done.durationSeconds(),
            done.attempts(),
            done.failureReason(),
            done.context(),
            done.sessionId(),
            events.size(),
            events);
    return new ArchivedTask(ArchivedTask.SCHEMA_VERSION, 0, finished, withTrail);
  }

  private void write(ArchivedTask unnumbered) throws IOException {
    revision += 3 + random.nextInt(5);
    ArchivedTask r =
        new ArchivedTask(
            ArchivedTask.SCHEMA_VERSION, revision, unnumbered.archivedAt(), unnumbered.task());
    byte[] json = TrackerJson.compact(r);
    byte[] line = ChecksummedLine.frame("record", json);
    YearMonth month = YearMonth.from(r.archivedAt().atZone(ZoneOffset.UTC));
    Sink s = sink;
    if (s == null || !s.month.equals(month) || s.bytes >= options.segmentMaxBytes()) {
      int part = s != null && s.month.equals(month) ? s.part + 1 : 0;
      closeSink(false);
      s = openSink(month, part);
      sink = s;
    }
    s.add(line, r);
    plainBytes += line.length;
    written++;
  }

  private Sink openSink(YearMonth month, int part) throws IOException {
    String base = Segment.base(month, part);
    segments++;
    if (options.compress()) {
      return new Sink(
          month,
          part,
          new CompressedSegmentWriter(
              dir.resolve(base + ".jsonl.gz"), dir.resolve(base + ".idx"), fs),
          null,
          dir.resolve(base + ".jsonl"));
    }
    Path plain = dir.resolve(base + ".jsonl");
    return new Sink(
        month, part, null, new BufferedOutputStream(Files.newOutputStream(plain), 1 << 16), plain);
  }

  private void closeSink(boolean last) throws IOException {
    Sink s = sink;
    if (s == null) {
      return;
    }
    sink = null;
    s.close();
    plainSegments.add(s.plainPath);
    if (last && options.compress() && options.plainTail() > 0) {
      // Leave the newest segments plain: decompress them back to their plain form.
      int from = Math.max(0, plainSegments.size() - options.plainTail());
      for (Path plain : plainSegments.subList(from, plainSegments.size())) {
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        String base = plain.getFileName().toString().replace(".jsonl", "");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
          Files.write(plain, in.readAllBytes());
        }
        Files.delete(gz);
        Files.deleteIfExists(plain.resolveSibling(base + ".idx"));
      }
    }
    fs.syncDirectory(dir);
  }

  private static final class Sink {
    final YearMonth month;
    final int part;
    final @Nullable CompressedSegmentWriter writer;
    final @Nullable OutputStream out;
    final Path plainPath;
    long bytes;

    Sink(
        YearMonth month,
        int part,
        @Nullable CompressedSegmentWriter writer,
        @Nullable OutputStream out,
        Path plainPath) {
      this.month = month;
      this.part = part;
      this.writer = writer;
      this.out = out;
      this.plainPath = plainPath;
    }

    void add(byte[] framedLine, ArchivedTask r) throws IOException {
      bytes += framedLine.length;
      if (writer != null) {
        writer.add(java.util.Arrays.copyOf(framedLine, framedLine.length - 1), true, r);
      } else if (out != null) {
        out.write(framedLine);
      }
    }

    void close() throws IOException {
      if (writer != null) {
        try (CompressedSegmentWriter w = writer) {
          w.finish();
          w.commit();
        }
      } else if (out != null) {
        out.close();
      }
    }
  }

  private UUID randomId() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private void remember(UUID id) {
    recent.addLast(id);
    if (recent.size() > 500) {
      recent.removeFirst();
    }
  }

  private UUID pickRecent() {
    int skip = random.nextInt(recent.size());
    for (UUID id : recent) {
      if (skip-- == 0) {
        return id;
      }
    }
    return recent.getLast();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private double gauss() {
    // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
