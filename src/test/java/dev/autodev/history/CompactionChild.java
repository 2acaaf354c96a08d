package dev.autodev.history;

import dev.autodev.tracker.Segment;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The main class of the child JVM in the compaction kill test: compacts closed segments one by one,
 * printing {@code SEGMENT <name>} as it starts each and {@code DONE} at the end, so the test can
 * kill it in the middle of one.
 */
public final class CompactionChild {

  private CompactionChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path home = Path.of(System.getProperty("autodev.home"));
    try (HistoryContext ctx = HistoryContext.open(home)) {
      Compactor compactor = ctx.bean(Compactor.class);
      MaintenanceLock lock = ctx.bean(MaintenanceLock.class);
      out.println("READY " + ProcessHandle.current().pid());
      lock.call(
          () -> {
            compactor.cleanUp(new java.util.ArrayList<>());
            YearMonth now = YearMonth.from(ctx.clock().instant().atZone(ZoneOffset.UTC));
            List<Segment> files = ctx.archive().files();
            for (Segment s : ctx.archive().segments()) {
              if (!s.compressed() && ctx.archive().isClosed(s, files, now)) {
                out.println("SEGMENT " + s.fileName());
                compactor.compact(s);
              }
            }
            return null;
          });
      out.println("DONE");
    }
  }
}
