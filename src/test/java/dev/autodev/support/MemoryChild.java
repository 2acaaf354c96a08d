package dev.autodev.support;

import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.TaskTracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The main class of child JVMs that write to the memory at the same time as others. It prints
 * {@code READY}, waits for a line on stdin (so a test can start several writers at once), then
 * prints {@code ACK decide <entry id>} after each recorded decision and {@code ACK fact <key>}
 * after each fact, only once the tracker returned (the change is durable), then {@code DONE}.
 * Arguments: a prefix and a count.
 */
public final class MemoryChild {

  private MemoryChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path home = Path.of(System.getProperty("autodev.home"));
    String prefix = args[0];
    int count = Integer.parseInt(args[1]);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      out.println("READY " + ProcessHandle.current().pid());
      waitForGo();
      for (int i = 0; i < count; i++) {
        MemoryEntry d = tracker.decide(prefix + " decision " + i, null, List.of());
        out.println("ACK decide " + d.id());
        String key = prefix + ".fact." + i;
        tracker.setFact(key, "value " + i);
        out.println("ACK fact " + key);
      }
      out.println("DONE");
    }
  }

  private static void waitForGo() {
    try {
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
