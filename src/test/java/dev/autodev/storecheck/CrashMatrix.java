package dev.autodev.storecheck;

import dev.autodev.support.ChildJvm;
import dev.autodev.support.HaltingFileSystem;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreReport;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The crash matrix: a child JVM ({@link CrashChild}) dies at a named point of the write protocol,
 * or by SIGKILL at a random moment; then the store is opened (automatic recovery) and every change
 * the child acknowledged is looked for, and {@code store verify} must be clean. Used by {@link
 * CrashMatrixIntegrationTests} and, with many trials and a table, by {@code bench/crash-matrix.sh}.
 */
public final class CrashMatrix {

  private CrashMatrix() {}

  /** Every point of the matrix: the halting points, then SIGKILL. */
  public static List<String> points() {
    List<String> all = new ArrayList<>();
    for (HaltingFileSystem.Point p : HaltingFileSystem.Point.values()) {
      all.add(p.name());
    }
    all.add("SIGKILL");
    return all;
  }

  /** One trial: whether the child died as planned, what it acknowledged, what was lost. */
  public record Trial(
      String point, boolean died, int acknowledged, int lost, boolean verifyClean, String detail) {}

  /** Runs one trial in a fresh folder. */
  public static Trial run(Path home, String point, Random random) throws Exception {
    Files.createDirectories(home);
    boolean compaction = point.equals(HaltingFileSystem.Point.DURING_COMPACTION.name());
    int rounds = compaction ? 12 : 8;
    // from 2: the first change is acknowledged before the process dies
    int nth = 2 + random.nextInt(maxN(point, rounds) - 1);
    List<String> acks = new ArrayList<>();
    boolean died;
    try (ChildJvm child =
        ChildJvm.start(
            home,
            List.of(),
            CrashChild.class.getName(),
            point,
            String.valueOf(nth),
            String.valueOf(point.equals("SIGKILL") ? 1000 : rounds))) {
      if (point.equals("SIGKILL")) {
        int killAfter = 1 + random.nextInt(60);
        while (acks.size() < killAfter) {
          String line = child.nextLine(Duration.ofSeconds(60));
          if (line.startsWith("ACK ")) {
            acks.add(line);
          }
        }
        child.kill();
        died = true;
      } else {
        int code = child.waitFor(Duration.ofMinutes(2));
        died = code == HaltingFileSystem.HALTED;
        if (!died && code != 0) {
          throw new AssertionError("child failed with " + code + ":\n" + child.stderr());
        }
      }
      for (String line : child.lines()) {
        if (line.startsWith("ACK ") && !acks.contains(line)) {
          acks.add(line);
        }
      }
    }
    return check(home, point, died, acks);
  }

  /** How many arrivals at the point a run of {@code rounds} has, roughly: N is drawn below it. */
  private static int maxN(String point, int rounds) {
    return switch (point) {
      case "AFTER_TEMP_WRITE", "AFTER_TEMP_FSYNC", "AFTER_RENAME" -> rounds * 3;
      case "AFTER_JOURNAL_APPEND" -> rounds * 3;
      case "DURING_HISTORY_ARCHIVE" -> rounds;
      case "DURING_COMPACTION" -> 8;
      default -> 2;
    };
  }

  /** Opens the store (recovery), looks for every acknowledged change, and verifies. */
  static Trial check(Path home, String point, boolean died, List<String> acks) {
    int lost = 0;
    List<String> missing = new ArrayList<>();
    StoreReport report;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Set<String> decisions = new HashSet<>();
      for (MemoryEntry e : t.memory().keyDecisions()) {
        decisions.add(e.text());
      }
      Map<UUID, Task> seen = new LinkedHashMap<>();
      int sessions = 0;
      for (String ack : acks) {
        String[] parts = ack.split(" ", 3);
        String what = parts[1];
        String arg = parts[2];
        boolean ok;
        switch (what) {
          case "create" -> ok = find(t, seen, arg).isPresent();
          case "start" ->
              ok = find(t, seen, arg).map(x -> x.status() != TaskStatus.PENDING).orElse(false);
          case "complete" ->
              ok = find(t, seen, arg).map(x -> x.status() == TaskStatus.COMPLETED).orElse(false);
          case "fail" ->
              ok = find(t, seen, arg).map(x -> x.status() == TaskStatus.FAILED).orElse(false);
          case "decide" -> ok = decisions.contains(arg);
          case "session" -> {
            sessions++;
            ok = true;
          }
          default -> throw new AssertionError("unknown ack " + ack);
        }
        if (!ok) {
          lost++;
          missing.add(ack);
        }
      }
      int logged = ctx.bean(SessionLog.class).newest(10_000).size();
      if (logged < sessions) {
        lost += sessions - logged;
        missing.add((sessions - logged) + " ended sessions");
      }
      report = ctx.bean(StoreCheck.class).verify();
    }
    String detail =
        (missing.isEmpty() ? "" : "lost: " + missing + " ")
            + (report.clean() ? "" : "verify: " + report.problems());
    return new Trial(point, died, acks.size(), lost, report.clean(), detail);
  }

  private static Optional<Task> find(TaskTracker t, Map<UUID, Task> seen, String id) {
    UUID uuid = UUID.fromString(id);
    return seen.containsKey(uuid) ? Optional.of(seen.get(uuid)) : t.find(uuid);
  }

  /** {@code CrashMatrix DIR TRIALS [SEED]}: runs TRIALS trials spread over the points, prints. */
  public static void main(String[] args) throws Exception {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[0]);
    int trials = Integer.parseInt(args[1]);
    Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 6L);
    List<String> points = points();
    Map<String, int[]> table = new LinkedHashMap<>();
    points.forEach(p -> table.put(p, new int[5]));
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < trials; i++) {
      String point = points.get(i % points.size());
      Trial trial = run(dir.resolve("trial-" + i), point, random);
      int[] row = table.get(point);
      row[0]++;
      row[1] += trial.died() ? 1 : 0;
      row[2] += trial.acknowledged();
      row[3] += trial.lost();
      row[4] += trial.verifyClean() ? 1 : 0;
      if (trial.lost() > 0 || !trial.verifyClean()) {
        failures.add("trial " + i + " " + point + ": " + trial.detail());
      }
      deleteTree(dir.resolve("trial-" + i));
    }
    out.printf(
        Locale.ROOT,
        "%-24s %7s %6s %13s %6s %13s%n",
        "POINT",
        "TRIALS",
        "DIED",
        "ACKS CHECKED",
        "LOSSES",
        "VERIFY CLEAN");
    int[] total = new int[5];
    for (Map.Entry<String, int[]> e : table.entrySet()) {
      int[] r = e.getValue();
      out.printf(
          Locale.ROOT, "%-24s %7d %6d %13d %6d %13d%n", e.getKey(), r[0], r[1], r[2], r[3], r[4]);
      for (int k = 0; k < 5; k++) {
        total[k] += r[k];
      }
    }
    out.printf(
        Locale.ROOT,
        "%-24s %7d %6d %13d %6d %13d%n",
        "TOTAL",
        total[0],
        total[1],
        total[2],
        total[3],
        total[4]);
    out.printf(Locale.ROOT, "%.0f s for %d trials%n", (System.nanoTime() - started) / 1e9, trials);
    failures.forEach(out::println);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
