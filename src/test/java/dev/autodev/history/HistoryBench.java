package dev.autodev.history;

import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SegmentIndex;
import dev.autodev.tracker.TaskStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The history benchmark (not a test): generates a large history and times the real query code on
 * it, with the heap the JVM was given ({@code bench/history-bench.sh} runs it with -Xmx256m).
 *
 * <pre>
 * HistoryBench generate DIR RECORDS   writes RECORDS archived tasks over 60 months, compressed
 * HistoryBench run DIR [RUNS]         times each query: first run, then the median of RUNS
 * </pre>
 */
public final class HistoryBench {

  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private HistoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("generate")) {
      generate(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length >= 2 && args[0].equals("run")) {
      run(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5);
    } else {
      OUT.println("usage: HistoryBench generate DIR RECORDS | run DIR [RUNS]");
      System.exit(2);
    }
  }

  private static void generate(Path home, int records) throws IOException {
    long t0 = System.nanoTime();
    HistoryGenerator.Result r =
        HistoryGenerator.generate(
            home, HistoryGenerator.Options.of(records).months(60).compressed(true, 0));
    OUT.printf(
        Locale.ROOT,
        "generated %,d records (%,d tasks, %,d with the rare word '%s') in %d segments, %.0f s%n",
        r.records(),
        r.tasks(),
        r.rareRecords(),
        HistoryGenerator.RARE_WORD,
        r.segments(),
        (System.nanoTime() - t0) / 1e9);
  }

  private static void run(Path home, int runs) throws IOException {
    Path history = home.resolve("tasks").resolve("history");
    sizes(history);
    OUT.printf(
        Locale.ROOT,
        "JVM: max heap %d MiB, %d cores, %s%n%n",
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    try (HistoryContext ctx = HistoryContext.open(home)) {
      HistoryQueries q = ctx.queries();
      Files.deleteIfExists(history.resolve("index.json"));
      measure(
          "index.json rebuilt from the sidecars (first query)",
          1,
          () -> ctx.index().view().segments().size() + " segments");
      ctx.maintenance().rebuildIndexNow();
      OUT.println();
      OUT.printf(
          "%-48s %10s %10s %12s  %s%n", "query", "first ms", "median ms", "peak heap", "result");
      measure(
          "text, rare word '" + HistoryGenerator.RARE_WORD + "' (full scan)",
          runs,
          () -> {
            var page = q.history(HistoryQuery.all(50).withText(HistoryGenerator.RARE_WORD));
            return page.count() + " records";
          });
      measure(
          "text, common word 'flaky' (first page)",
          runs,
          () -> q.history(HistoryQuery.all(50).withText("flaky")).count() + " records");
      measure(
          "text, worst case: common words never together",
          Math.min(runs, 2),
          () -> q.history(HistoryQuery.all(50).withText("release the fix")).count() + " records");
      HistoryQuery month =
          QueryInput.history(
              new QueryInput.Raw(
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  "2024-03-01",
                  "2024-04-01",
                  null,
                  null,
                  null,
                  null,
                  null,
                  50,
                  null));
      measure(
          "one month, --since 2024-03-01 --until 2024-04-01",
          runs,
          () -> q.history(month).count() + " records");
      HistoryQuery completed =
          new HistoryQuery(
              TaskStatus.COMPLETED,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              50,
              null);
      measure(
          "newest page of completed tasks (50)",
          runs,
          () -> q.history(completed).count() + " records");
      measure(
          "second page of completed tasks (cursor)",
          runs,
          () -> {
            var first = q.history(completed);
            return q.history(completed.withCursor(Cursor.decode(first.nextCursor()))).count()
                + " records";
          });
      measure(
          "task stats (all history, 12 weeks listed)",
          runs,
          () -> {
            HistoryStats.Report r = q.stats(null, null, 12);
            return r.finished().completed() + r.finished().failed() + " tasks";
          });
      measure(
          "task log of an old archived task",
          runs,
          () -> {
            var first = q.history(month);
            return q.log(first.records().get(25).task().id()).events().size() + " events";
          });
    }
  }

  private static void sizes(Path history) throws IOException {
    long gz = 0;
    long idx = 0;
    long plain = 0;
    long other = 0;
    int segments = 0;
    try (Stream<Path> files = Files.list(history)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        long size = Files.size(p);
        if (name.endsWith(".jsonl.gz")) {
          gz += size;
          segments++;
          Segment s = Segment.of(p, size).orElseThrow();
          plain += SegmentIndex.read(s.sidecarPath()).header().sourceBytes();
        } else if (name.endsWith(".idx")) {
          idx += size;
        } else {
          other += size;
        }
      }
    }
    OUT.printf(
        Locale.ROOT,
        "on disk: %d compressed segments %.1f MiB + sidecars %.1f MiB + other %.1f MiB;"
            + " the same records plain: %.1f MiB (%.1fx)%n",
        segments,
        gz / 1048576.0,
        idx / 1048576.0,
        other / 1048576.0,
        plain / 1048576.0,
        (double) plain / gz);
  }

  private static void measure(String name, int runs, Supplier<String> query) {
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap.add(pool);
      }
    }
    long[] times = new long[runs];
    long peak = 0;
    String result = "";
    long first = 0;
    for (int i = 0; i <= runs; i++) {
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long t0 = System.nanoTime();
      result = query.get();
      long t = System.nanoTime() - t0;
      long p = 0;
      for (MemoryPoolMXBean pool : heap) {
        p += pool.getPeakUsage().getUsed();
      }
      peak = Math.max(peak, p);
      if (i == 0) {
        first = t;
      } else {
        times[i - 1] = t;
      }
    }
    Arrays.sort(times);
    OUT.printf(
        Locale.ROOT,
        "%-48s %10.1f %10s %9.1f MiB  %s%n",
        name,
        first / 1e6,
        runs > 1 ? String.format(Locale.ROOT, "%.1f", times[runs / 2] / 1e6) : "",
        peak / 1048576.0,
        result);
  }
}
