package dev.autodev.storecheck;

import dev.autodev.history.HistoryContext;
import dev.autodev.support.HaltingFileSystem;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child JVM of the crash matrix. It runs a workload of task lifecycles, decisions and session
 * ends, printing {@code ACK <what> <id>} only after each call returned (the change is
 * acknowledged), while a {@link HaltingFileSystem} halts the JVM at the Nth arrival at one point of
 * the write protocol. Arguments: the point (or {@code SIGKILL}: no halting, the parent kills it),
 * N, rounds.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path home = Path.of(System.getProperty("autodev.home"));
    String point = args[0];
    int nth = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    if (point.equals(HaltingFileSystem.Point.DURING_COMPACTION.name())) {
      compaction(home, out, nth, rounds);
      return;
    }
    HaltingFileSystem fs =
        point.equals("SIGKILL")
            ? null
            : new HaltingFileSystem(HaltingFileSystem.Point.valueOf(point), nth, true);
    try (TrackerContext ctx =
        fs == null ? TrackerContext.open(home) : TrackerContext.open(home, fs)) {
      TaskTracker t = ctx.tracker();
      out.println("READY");
      for (int i = 0; i < rounds; i++) {
        round(t, out, i);
      }
      out.println("DONE");
    }
  }

  static void round(TaskTracker t, PrintStream out, int i) {
    Task task = t.create(NewTask.named("crash " + i));
    out.println("ACK create " + task.id());
    t.start(task.id(), false);
    out.println("ACK start " + task.id());
    if (i % 3 == 2) {
      t.fail(task.id(), "planned " + i);
      out.println("ACK fail " + task.id());
    } else {
      t.complete(task.id(), false);
      out.println("ACK complete " + task.id());
    }
    if (i % 4 == 1) {
      String text = "decision " + task.id();
      t.decide(text, null, List.of());
      out.println("ACK decide " + text);
    }
    if (i % 5 == 4) {
      t.endSession();
      out.println("ACK session " + i);
    }
  }

  /** Archives tasks in May, one in June (May is then closed), and compresses May's segment. */
  private static void compaction(Path home, PrintStream out, int nth, int rounds) {
    HaltingFileSystem fs =
        new HaltingFileSystem(HaltingFileSystem.Point.DURING_COMPACTION, nth, false);
    try (HistoryContext ctx = HistoryContext.open(home, fs)) {
      TaskTracker t = ctx.tracker();
      out.println("READY");
      ctx.clock().set(Instant.parse("2026-05-10T10:00:00Z"));
      for (int i = 0; i < rounds; i++) {
        round(t, out, i);
      }
      ctx.clock().set(Instant.parse("2026-06-15T12:00:00Z"));
      round(t, out, rounds);
      fs.arm();
      ctx.compact();
      out.println("DONE");
    }
  }
}
