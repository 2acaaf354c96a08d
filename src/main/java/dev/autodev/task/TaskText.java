package dev.autodev.task;

import dev.autodev.tracker.AuditEntry;
import dev.autodev.tracker.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** How tasks read at a terminal: a compact table for lists, a full page for one task. */
public final class TaskText {

  private TaskText() {}

  public static void table(PrintWriter out, List<Task> tasks) {
    if (tasks.isEmpty()) {
      out.println("No tasks.");
      return;
    }
    out.printf("%-8s  %-11s  %-6s  %s%n", "ID", "STATUS", "PRI", "NAME");
    for (Task t : tasks) {
      out.printf(
          "%-8s  %-11s  %-6s  %s%s%n",
          t.shortId(),
          t.status(),
          t.priority(),
          t.name(),
          t.tags().isEmpty() ? "" : "  [" + String.join(", ", t.tags()) + "]");
    }
    out.println(tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
  }

  public static void page(PrintWriter out, Task t) {
    out.println("Task " + t.id());
    line(out, "name", t.name());
    if (t.description() != null) {
      line(out, "description", t.description());
    }
    line(out, "status", t.status() + (t.attempts() > 1 ? " (attempt " + t.attempts() + ")" : ""));
    line(out, "priority", t.priority().wire());
    if (!t.tags().isEmpty()) {
      line(out, "tags", String.join(", ", t.tags()));
    }
    if (t.parentId() != null) {
      line(out, "parent", String.valueOf(t.parentId()));
    }
    if (!t.dependsOn().isEmpty()) {
      line(out, "depends on", t.dependsOn().toString());
    }
    line(out, "created", String.valueOf(t.createdAt()));
    if (t.startedAt() != null) {
      line(out, "started", String.valueOf(t.startedAt()));
    }
    if (t.completedAt() != null) {
      line(out, "completed", String.valueOf(t.completedAt()));
    }
    if (t.failedAt() != null) {
      line(out, "failed", t.failedAt() + " — " + t.failureReason());
    }
    if (t.durationSeconds() > 0) {
      line(out, "time spent", duration(t.durationSeconds()));
    }
    if (!t.context().filesModified().isEmpty()) {
      line(out, "files", String.join(", ", t.context().filesModified()));
    }
    for (String d : t.context().decisions()) {
      line(out, "decision", d);
    }
    for (String n : t.context().notes()) {
      line(out, "note", n);
    }
    out.println("  history:");
    for (AuditEntry e : t.events()) {
      out.printf(
          "    %s  %-16s %s%s%n",
          e.at(),
          e.type(),
          e.to() == null ? "" : (e.from() == null ? "" : e.from() + " → ") + e.to(),
          e.detail() == null ? "" : "  " + e.detail());
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("  %-11s %s%n", label + ":", value);
  }

  /** 3725 seconds as {@code 1h 2m 5s}. */
  public static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m " + d.toSecondsPart() + "s";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return seconds + "s";
  }
}
