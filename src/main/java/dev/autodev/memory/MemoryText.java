package dev.autodev.memory;

import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.MemoryItem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How the memory reads at a terminal. */
final class MemoryText {

  private MemoryText() {}

  static void show(PrintWriter out, Memory m) {
    out.println("Project type: " + (m.projectType() == null ? "(not set)" : m.projectType()));
    out.println("Facts (" + m.facts().size() + "):");
    for (Map.Entry<String, String> f : m.facts().entrySet()) {
      out.println("  " + f.getKey() + " = " + f.getValue());
    }
    entries(out, "Key decisions", m.keyDecisions());
    entries(out, "Learned patterns", m.learnedPatterns());
  }

  private static void entries(PrintWriter out, String title, List<MemoryEntry> entries) {
    out.println(title + " (" + entries.size() + "):");
    for (MemoryEntry e : entries) {
      out.println("  " + entry(e));
    }
  }

  static String entry(MemoryEntry e) {
    return e.id().toString().substring(0, 8)
        + "  "
        + e.at().toString().substring(0, 10)
        + "  "
        + e.text()
        + (e.taskId() == null ? "" : "  (task " + e.taskId().toString().substring(0, 8) + ")")
        + (e.tags().isEmpty() ? "" : "  [" + String.join(", ", e.tags()) + "]");
  }

  static String describe(MemoryItem item) {
    return item.kind() + " " + item.entry().id().toString().substring(0, 8);
  }

  static void search(PrintWriter out, SearchResult result) {
    for (MemoryHit h : result.hits()) {
      String where =
          h.id() != null ? h.id().toString().substring(0, 8) : h.key() != null ? h.key() : "";
      out.printf("%-12s  %-8s  %s%n", h.kind(), where, h.text());
    }
    out.println(
        result.count()
            + (result.count() == 1 ? " match" : " matches")
            + " for '"
            + result.query()
            + "'");
  }
}
