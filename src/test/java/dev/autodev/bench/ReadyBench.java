package dev.autodev.bench;

import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.BulkLoad;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TrackerJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How long {@code task ready} takes over a large open task graph, in-process: a store of {@code N}
 * open tasks with random dependencies (default 10,000, up to 3 dependencies each) is built once
 * through the real write protocol, then {@link TaskPlanner#ready()} is timed many times, as is
 * {@code next} and the ready list rendered as its JSON document. Run with {@code bench/ready.sh}.
 *
 * <p>Arguments: {@code [tasks] [runs] [max dependencies per task]}.
 */
public final class ReadyBench {

  /** Results folded in here and printed, so the JIT cannot drop the work being timed. */
  private static long sink;

  private ReadyBench() {}

  public static void main(String[] args) throws IOException {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int maxDeps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path home = Files.createTempDirectory("ready-bench");
    try (TrackerContext ctx = TrackerContext.open(home)) {
      long start = System.nanoTime();
      BulkLoad.randomGraph(ctx.tracker(), tasks, maxDeps, 42);
      out.printf(
          "built %,d open tasks (up to %d dependencies each) in %,d ms; current.json %,d bytes%n",
          tasks,
          maxDeps,
          (System.nanoTime() - start) / 1_000_000,
          Files.size(home.resolve("tasks/current.json")));
      TaskPlanner planner = ctx.bean(TaskPlanner.class);
      ReadyTasks ready = planner.ready();
      out.printf(
          "ready: %,d tasks; blocked: %,d; next: %s%n",
          ready.count(), planner.blocked().count(), planner.next().reason());
      time(out, "task ready (computation)", runs, planner::ready);
      time(out, "task next", runs, planner::next);
      time(
          out,
          "task ready --json (computation + document)",
          runs / 4,
          () -> TrackerJson.compact(planner.ready()));
      out.println("(checksum " + sink + ")");
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void time(PrintStream out, String what, int runs, Supplier<?> work) {
    for (int i = 0; i < Math.max(20, runs / 4); i++) {
      sink += System.identityHashCode(work.get()); // warm-up: let the JIT compile the path first
    }
    long[] micros = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += System.identityHashCode(work.get());
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(micros);
    out.printf(
        "%-44s runs %4d  median %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
        what,
        runs,
        micros[runs / 2] / 1000.0,
        micros[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)] / 1000.0,
        micros[runs - 1] / 1000.0);
  }
}
