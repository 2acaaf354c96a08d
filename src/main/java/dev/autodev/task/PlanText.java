package dev.autodev.task;

import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.Dependencies;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskRef;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTree;
import dev.autodev.tracker.WorkingScope;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** How the planning documents read at a terminal. */
final class PlanText {

  private PlanText() {}

  static void ready(PrintWriter out, ReadyTasks ready) {
    if (ready.ready().isEmpty()) {
      out.println("No task is ready; 'task next' says why.");
      return;
    }
    out.printf(
        "%-4s  %-8s  %-7s  %-6s  %-8s  %s%n", "RANK", "ID", "STATUS", "PRI", "UNBLOCKS", "NAME");
    int rank = 1;
    for (ReadyTasks.Entry e : ready.ready()) {
      Task t = e.task();
      out.printf(
          "%-4d  %-8s  %-7s  %-6s  %-8d  %s%s%s%n",
          rank++,
          t.shortId(),
          t.status(),
          t.priority(),
          e.unblocks(),
          t.name(),
          t.tags().isEmpty() ? "" : "  [" + String.join(", ", t.tags()) + "]",
          t.status() == TaskStatus.FAILED ? "  (retry: task retry " + t.shortId() + ")" : "");
    }
    out.println(ready.count() + (ready.count() == 1 ? " ready task" : " ready tasks"));
  }

  static void next(PrintWriter out, NextTask next) {
    Task t = next.task();
    if (t == null) {
      out.println("Nothing to do next: " + next.reason());
      return;
    }
    out.println(
        "Next: task "
            + t.shortId()
            + " '"
            + t.name()
            + "' ("
            + t.status()
            + ", "
            + t.priority()
            + ")");
    out.println("Why:  " + next.reason());
    out.println("Run:  " + next.command());
  }

  static void blocked(PrintWriter out, BlockedTasks blocked) {
    if (blocked.blocked().isEmpty()) {
      out.println("No task is blocked.");
      return;
    }
    for (BlockedTasks.Entry e : blocked.blocked()) {
      Task t = e.task();
      out.printf("%-8s  %-11s  %-6s  %s%n", t.shortId(), t.status(), t.priority(), t.name());
      for (TaskRef b : e.blockedBy()) {
        out.println("          waits on " + b.describe());
      }
    }
    out.println(blocked.count() + (blocked.count() == 1 ? " blocked task" : " blocked tasks"));
  }

  static void tree(PrintWriter out, TaskTree tree) {
    if (tree.roots().isEmpty()) {
      out.println("No tasks.");
      return;
    }
    for (TaskTree.Node root : tree.roots()) {
      out.println(
          line(root)
              + (root.parentId() == null
                  ? ""
                  : "  (subtask of " + String.valueOf(root.parentId()).substring(0, 8) + ")"));
      children(out, root, "");
    }
    out.println(tree.count() + (tree.count() == 1 ? " task" : " tasks"));
  }

  private static void children(PrintWriter out, TaskTree.Node node, String indent) {
    List<TaskTree.Node> kids = node.children();
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      out.println(indent + (last ? "└─ " : "├─ ") + line(kids.get(i)));
      children(out, kids.get(i), indent + (last ? "   " : "│  "));
    }
  }

  private static String line(TaskTree.Node n) {
    return n.id().toString().substring(0, 8)
        + "  "
        + n.status()
        + "  "
        + n.name()
        + (n.priority() == Priority.MEDIUM ? "" : "  [" + n.priority() + "]")
        + (n.blocked() ? "  (blocked)" : "")
        + (n.current() ? "  ← current" : "");
  }

  static void dependencies(PrintWriter out, Dependencies d) {
    out.println(
        d.task().describe()
            + (d.blocked() ? " is blocked" : d.dependsOn().isEmpty() ? "" : " is not blocked"));
    if (d.dependsOn().isEmpty()) {
      out.println("  depends on nothing");
    } else {
      out.println("  depends on:");
      d.dependsOn().forEach(r -> out.println("    " + r.describe()));
    }
    if (!d.dependents().isEmpty()) {
      out.println("  waited on by:");
      d.dependents().forEach(r -> out.println("    " + r.describe()));
    }
  }

  static void scope(PrintWriter out, WorkingScope scope) {
    Task current = scope.currentTask();
    if (current == null) {
      out.println("No current task.");
      return;
    }
    out.println(
        "Current task: task "
            + current.shortId()
            + " '"
            + current.name()
            + "' ("
            + current.status()
            + ")");
    if (scope.scope().size() > 1) {
      out.println(
          "Scope: "
              + scope.scope().stream()
                  .map(r -> r.shortId() + (r.name() == null ? "" : " '" + r.name() + "'"))
                  .collect(Collectors.joining(" › ")));
    }
  }
}
