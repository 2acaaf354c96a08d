package dev.autodev.tracker;

import dev.autodev.support.TrackerContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The main class of the child JVM in {@link ContextKillIntegrationTests}: creates and starts one
 * task, prints {@code READY <id>}, then records files, decisions and notes on it as fast as it can,
 * printing {@code ACK <kind> <value>} only after the tracker returned — the moment the update is
 * acknowledged as durable.
 */
public final class ContextWriterChild {

  private static final List<ContextKind> KINDS =
      List.of(ContextKind.FILE, ContextKind.DECISION, ContextKind.NOTE);

  private ContextWriterChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String prefix = args[0];
    try (TrackerContext ctx = TrackerContext.open(Path.of(System.getProperty("autodev.home")))) {
      TaskTracker tracker = ctx.tracker();
      Task task = tracker.create(NewTask.named("context " + prefix));
      tracker.start(task.id(), false);
      out.println("READY " + task.id());
      for (int i = 0; i < 1_000_000; i++) {
        ContextKind kind = KINDS.get(i % KINDS.size());
        String value = prefix + "-" + kind.wire() + "-" + i;
        tracker.addContext(task.id(), kind, value);
        out.println("ACK " + kind.wire() + " " + value);
      }
    }
  }
}
