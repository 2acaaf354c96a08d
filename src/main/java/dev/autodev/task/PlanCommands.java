package dev.autodev.task;

import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.Dependencies;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TaskTree;
import dev.autodev.tracker.WorkingScope;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands that plan over the task graph: dependencies, what is ready or blocked, what to do
 * next, the subtask tree, and the focus. With {@code --json} each prints exactly one JSON document,
 * the same one the REST API returns.
 */
@Component
class PlanCommands {

  private static final String GROUP = "Tasks";

  private final TaskTracker tracker;
  private final TaskPlanner planner;
  private final JsonMapper json;

  PlanCommands(TaskTracker tracker, TaskPlanner planner, JsonMapper json) {
    this.tracker = tracker;
    this.planner = planner;
    this.json = json;
  }

  @Command(
      name = {"task", "depend"},
      description = "Make a task wait for other tasks to complete",
      group = GROUP,
      help =
          """
          task depend ID --on OTHER[,OTHER…] [--json]
            A dependency that would close a cycle is refused, naming the cycle.
            Example: task depend 3f2a --on 9c1d""")
  public void depend(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "on", required = true, description = "ids of the tasks it waits for")
          List<String> on,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    UUID taskId = tracker.resolve(id);
    tracker.depend(taskId, resolveAll(on));
    Dependencies deps = planner.dependencies(taskId);
    print(ctx, asJson, deps, out -> PlanText.dependencies(out, deps));
  }

  @Command(
      name = {"task", "undepend"},
      description = "Stop a task waiting for other tasks",
      group = GROUP,
      help = "task undepend ID --on OTHER[,OTHER…] [--json]")
  public void undepend(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "on", required = true, description = "ids of the dependencies to remove")
          List<String> on,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    UUID taskId = tracker.resolve(id);
    tracker.undepend(taskId, resolveAll(on));
    Dependencies deps = planner.dependencies(taskId);
    print(ctx, asJson, deps, out -> PlanText.dependencies(out, deps));
  }

  @Command(
      name = {"task", "deps"},
      description = "Show what a task waits on and what waits on it",
      group = GROUP,
      help = "task deps ID [--json]")
  public void deps(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Dependencies deps = planner.dependencies(tracker.resolve(id));
    print(ctx, asJson, deps, out -> PlanText.dependencies(out, deps));
  }

  @Command(
      name = {"task", "ready"},
      description = "List the tasks that can be done now, best first",
      group = GROUP,
      help =
          """
          task ready [--json]
            Pending tasks nothing blocks, and this session's failed tasks (retry them with
            'task retry ID'), in the order of 'task next'.""")
  public void ready(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    ReadyTasks ready = planner.ready();
    print(ctx, asJson, ready, out -> PlanText.ready(out, ready));
  }

  @Command(
      name = {"task", "next"},
      description = "Name the single best task to do now, and why",
      group = GROUP,
      help =
          """
          task next [--json]
            Among the ready tasks: higher priority first, then the one that unblocks more
            tasks (directly or through others), then a fresh task before a failed one, then
            the oldest, then by id.""")
  public void next(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    NextTask next = planner.next();
    print(ctx, asJson, next, out -> PlanText.next(out, next));
  }

  @Command(
      name = {"task", "blocked"},
      description = "List blocked tasks with what blocks each",
      group = GROUP,
      help = "task blocked [--json]")
  public void blocked(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    BlockedTasks blocked = planner.blocked();
    print(ctx, asJson, blocked, out -> PlanText.blocked(out, blocked));
  }

  @Command(
      name = {"task", "tree"},
      description = "Show the subtask hierarchy with statuses",
      group = GROUP,
      help =
          """
          task tree [ID] [--json]
            Open tasks and the tasks finished in this session, each under its parent;
            with ID, only that task and everything under it.""")
  public void tree(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix (default: all)") @Nullable String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    TaskTree tree = planner.tree(id == null || id.isBlank() ? null : tracker.resolve(id));
    print(ctx, asJson, tree, out -> PlanText.tree(out, tree));
  }

  @Command(
      name = {"task", "focus"},
      description = "Make a task the current task, clear the focus, or show it",
      group = GROUP,
      help =
          """
          task focus ID [--json]     make ID the current task
          task focus --clear [--json]
          task focus [--json]        show the current task and its parents""")
  public void focus(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") @Nullable String id,
      @Option(longName = "clear", defaultValue = "false") Boolean clear,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    boolean hasId = id != null && !id.isBlank();
    if (clear && hasId) {
      throw new InvalidInputException("id", "give a task id or --clear, not both");
    }
    if (clear) {
      tracker.focus(null);
    } else if (hasId) {
      tracker.focus(tracker.resolve(id));
    }
    WorkingScope scope = planner.scope();
    print(ctx, asJson, scope, out -> PlanText.scope(out, scope));
  }

  private List<UUID> resolveAll(List<String> ids) {
    return ids.stream().filter(s -> !s.isBlank()).map(tracker::resolve).toList();
  }

  private void print(
      CommandContext ctx, boolean asJson, Object document, Consumer<PrintWriter> text) {
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } else {
      text.accept(out);
    }
  }
}
