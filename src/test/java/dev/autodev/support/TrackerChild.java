package dev.autodev.support;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of child JVMs in multi-process and crash tests. It prints {@code READY}, then one
 * {@code ACK <op> <task id>} line per change, only after the tracker returned, which is the moment
 * the change is acknowledged as durable.
 *
 * <p>Scripts: {@code create PREFIX COUNT} creates tasks; {@code lifecycle PREFIX COUNT} creates,
 * starts and completes (or fails every third) each task.
 */
public final class TrackerChild {

  private TrackerChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path home = Path.of(System.getProperty("autodev.home"));
    String script = args[0];
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      out.println("READY " + ProcessHandle.current().pid());
      for (int i = 0; i < count; i++) {
        Task task = tracker.create(NewTask.named(prefix + "-" + i));
        out.println("ACK create " + task.id());
        if (script.equals("lifecycle")) {
          tracker.start(task.id(), false);
          out.println("ACK start " + task.id());
          if (i % 3 == 2) {
            tracker.fail(task.id(), "planned failure " + i);
            out.println("ACK fail " + task.id());
          } else {
            tracker.complete(task.id(), false);
            out.println("ACK complete " + task.id());
          }
        }
      }
      out.println("DONE");
    }
  }
}
