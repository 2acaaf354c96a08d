package dev.autodev.bench;

import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency of one durable change through TaskTracker in-process, next to the physical floor of one
 * durable atomic save (temp write + fsync + atomic rename + folder fsync, as in
 * shared/tools/FsyncFloor.java) measured in the same run on the same disk. Usage: {@code
 * bench/change-latency.sh [DIR] [ROUNDS]}; each round is create, context update, start, complete.
 */
public final class ChangeLatencyBench {

  private ChangeLatencyBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/auto-dev-bench");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);

    Map<String, List<Long>> samples = new TreeMap<>();
    Map<String, List<Long>> floorSamples = new TreeMap<>();
    long currentSize;
    try (TrackerContext ctx = TrackerContext.open(dir.resolve("store"))) {
      TaskTracker tracker = ctx.tracker();
      for (int i = 0; i < 20; i++) {
        tracker.create(NewTask.named("Background task " + i));
      }
      Path floorDir = dir.resolve("floor");
      Files.createDirectories(floorDir);
      Path current = dir.resolve("store/tasks/current.json");
      int warmup = Math.max(20, rounds / 10);
      for (int r = -warmup; r < rounds; r++) {
        // The floor is measured between our changes, at the size current.json has now, so both
        // see the same disk at the same moment.
        byte[] payload = new byte[(int) Files.size(current)];
        long f0 = floorSave(floorDir, payload);
        long t0 = System.nanoTime();
        Task t = tracker.create(NewTask.named("Bench task " + r));
        long t1 = System.nanoTime();
        long f1 = floorSave(floorDir, payload);
        long t2a = System.nanoTime();
        tracker.addContext(t.id(), ContextKind.FILE, "src/main/java/Bench" + r + ".java");
        long t2 = System.nanoTime();
        long f2 = floorSave(floorDir, payload);
        long t3a = System.nanoTime();
        tracker.start(t.id(), false);
        long t3 = System.nanoTime();
        long f3 = floorSave(floorDir, payload);
        long t4a = System.nanoTime();
        tracker.complete(t.id(), false);
        long t4 = System.nanoTime();
        if (r >= 0) {
          add(samples, "create", t1 - t0);
          add(samples, "context update", t2 - t2a);
          add(samples, "start", t3 - t3a);
          add(samples, "complete (archives)", t4 - t4a);
          for (long f : new long[] {f0, f1, f2, f3}) {
            add(floorSamples, "floor", f);
          }
        }
      }
      currentSize = Files.size(current);
    }
    List<Long> all = new ArrayList<>();
    samples.values().forEach(all::addAll);

    long[] floorSame = toArray(floorSamples.get("floor"));
    long[] floorSmall = floor(dir.resolve("floor-2k"), 2048, rounds * 2);

    System.out.printf(
        Locale.ROOT, "current.json size at the end of the run: %d bytes%n", currentSize);
    System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "operation", "median µs", "p99 µs");
    row("floor: atomic durable save, 2048 B (after)", floorSmall);
    row("floor: same save at current.json's size", floorSame);
    for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
      row("TaskTracker " + e.getKey(), toArray(e.getValue()));
    }
    long[] allArr = toArray(all);
    row("TaskTracker any change", allArr);
    System.out.printf(
        Locale.ROOT,
        "ratio median change / median floor, interleaved at the same size: %.2fx;"
            + " vs the 2048 B floor: %.2fx%n",
        median(allArr) / (double) median(floorSame),
        median(allArr) / (double) median(floorSmall));
  }

  /** The FsyncFloor loop, {@code iterations} times at one size. */
  private static long[] floor(Path dir, int size, int iterations) throws IOException {
    Files.createDirectories(dir);
    byte[] payload = new byte[size];
    long[] ns = new long[iterations];
    for (int i = -iterations / 10; i < iterations; i++) {
      long t = floorSave(dir, payload);
      if (i >= 0) {
        ns[i] = t;
      }
    }
    return ns;
  }

  /** One FsyncFloor save: write temp, fsync, rename over target, fsync the folder. */
  private static long floorSave(Path dir, byte[] payload) throws IOException {
    Arrays.fill(payload, (byte) 'x');
    payload[0] = (byte) ('0' + (System.nanoTime() & 7));
    Path target = dir.resolve("state.json");
    Path tmp = dir.resolve("state.json.tmp");
    {
      long t0 = System.nanoTime();
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bb = ByteBuffer.wrap(payload);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
      return System.nanoTime() - t0;
    }
  }

  private static void add(Map<String, List<Long>> samples, String key, long ns) {
    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(ns);
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static long median(long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void row(String label, long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.1f %10.1f%n",
        label,
        s[s.length / 2] / 1e3,
        s[(int) Math.ceil(s.length * 0.99) - 1] / 1e3);
  }
}
