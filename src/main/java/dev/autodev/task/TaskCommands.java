package dev.autodev.task;

import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.ExpectedVersion;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskEdit;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code task …} commands. Each writes to the command's own writer; with {@code --json} it
 * prints exactly one JSON document, the same shape the REST API returns.
 */
@Component
class TaskCommands {

  private static final String GROUP = "Tasks";

  private final TaskTracker tracker;
  private final JsonMapper json;

  TaskCommands(TaskTracker tracker, JsonMapper json) {
    this.tracker = tracker;
    this.json = json;
  }

  @Command(
      name = {"task", "create"},
      description = "Create a pending task",
      group = GROUP,
      help =
          """
          task create NAME [--description TEXT] [--priority low|medium|high] [--tag T]... \
          [--parent ID] [--depends-on ID[,ID…]] [--json]
            The name is every word after 'create'; quote it to keep spacing exactly.
            Example: task create "Write the migration" --priority high --tag db""")
  public void create(
      CommandContext ctx,
      @Arguments List<String> name,
      @Option(longName = "description", shortName = 'd', description = "longer text")
          @Nullable String description,
      @Option(longName = "priority", shortName = 'p', description = "low, medium (default) or high")
          @Nullable String priority,
      @Option(longName = "tag", shortName = 't', description = "a tag; repeat for more")
          @Nullable List<String> tags,
      @Option(longName = "parent", description = "id of the parent task") @Nullable String parent,
      @Option(longName = "depends-on", description = "ids of tasks this one waits for")
          @Nullable List<String> dependsOn,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    List<UUID> deps = new ArrayList<>();
    for (String d : dependsOn == null ? List.<String>of() : dependsOn) {
      deps.add(tracker.resolve(d));
    }
    Task task =
        tracker.create(
            new NewTask(
                String.join(" ", name == null ? List.of() : name),
                description,
                priority == null ? null : Priority.parse(priority),
                tags == null ? List.of() : tags,
                parent == null ? null : tracker.resolve(parent),
                deps));
    print(ctx, asJson, task, "Created " + describe(task) + " (pending)");
  }

  @Command(
      name = {"task", "start"},
      description = "Start a pending task and make it the current task",
      group = GROUP,
      help = "task start ID [--force] [--json]\n  --force starts it even if it is blocked.")
  public void start(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "force", defaultValue = "false", description = "start even if blocked")
          Boolean force,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.start(tracker.resolve(id), force);
    print(ctx, asJson, task, "Started " + describe(task) + "; it is now the current task");
  }

  @Command(
      name = {"task", "complete"},
      description = "Complete an in-progress task and archive it",
      group = GROUP,
      help =
          "task complete ID [--force] [--json]\n  --force completes it with subtasks still open.")
  public void complete(
      CommandContext ctx,
      @Argument(index = 0) String id,
      @Option(longName = "force", defaultValue = "false") Boolean force,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.complete(tracker.resolve(id), force);
    // A forced completion records in its trail which subtasks it left open: say so.
    String detail = task.events().get(task.events().size() - 1).detail();
    String stillOpen =
        detail != null && detail.startsWith("forced; ") ? "; " + detail.substring(8) : "";
    print(
        ctx,
        asJson,
        task,
        "Completed "
            + describe(task)
            + " after "
            + TaskText.duration(task.durationSeconds())
            + stillOpen);
  }

  @Command(
      name = {"task", "fail"},
      description = "Record that a task failed (or abandon a pending one), with a reason",
      group = GROUP,
      help = "task fail ID --reason TEXT [--json]")
  public void fail(
      CommandContext ctx,
      @Argument(index = 0) String id,
      @Option(longName = "reason", shortName = 'r', required = true) String reason,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.fail(tracker.resolve(id), reason);
    print(ctx, asJson, task, "Failed " + describe(task) + ": " + task.failureReason());
  }

  @Command(
      name = {"task", "retry"},
      description = "Bring a failed task back for another attempt",
      group = GROUP,
      help = "task retry ID [--start] [--json]\n  --start starts it straight away.")
  public void retry(
      CommandContext ctx,
      @Argument(index = 0) String id,
      @Option(longName = "start", defaultValue = "false") Boolean start,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.retry(tracker.resolve(id), start);
    print(
        ctx,
        asJson,
        task,
        "Retrying " + describe(task) + " (attempt " + task.attempts() + "), " + task.status());
  }

  @Command(
      name = {"task", "edit"},
      description = "Change an open task's name, description, priority or tags",
      group = GROUP,
      help =
          """
          task edit ID [--name TEXT] [--description TEXT] [--priority low|medium|high] \
          [--tag T]... [--no-tags] [--json]
            Only the options given change. --tag replaces all tags; --no-tags removes them;
            --description "" removes the description. Finished tasks cannot be edited.
            Example: task edit 3f2a --priority high --tag db --tag urgent""")
  public void edit(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "name", shortName = 'n', description = "the new name")
          @Nullable String name,
      @Option(longName = "description", shortName = 'd', description = "the new description")
          @Nullable String description,
      @Option(longName = "priority", shortName = 'p', description = "low, medium or high")
          @Nullable String priority,
      @Option(longName = "tag", shortName = 't', description = "a tag; repeat for more")
          @Nullable List<String> tags,
      @Option(longName = "no-tags", defaultValue = "false", description = "remove every tag")
          Boolean noTags,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    if (noTags && tags != null && !tags.isEmpty()) {
      throw new InvalidInputException("tag", "give either --tag or --no-tags, not both");
    }
    UUID taskId = tracker.resolve(id);
    long before = tracker.get(taskId).version();
    Task task =
        tracker.edit(
            taskId,
            new TaskEdit(
                name,
                description,
                priority == null ? null : Priority.parse(priority),
                noTags ? List.of() : tags),
            ExpectedVersion.ANY);
    String last = task.events().get(task.events().size() - 1).detail();
    print(
        ctx,
        asJson,
        task,
        task.version() == before
            ? "Nothing changed: " + describe(task) + " already has those values"
            : "Edited " + describe(task) + ": " + last);
  }

  @Command(
      name = {"task", "delete"},
      description = "Delete an open task created by mistake",
      group = GROUP,
      help =
          """
          task delete ID [--json]
            Only open tasks that no open task depends on or has as parent; finished tasks are
            history. The journal keeps the deleted record and its trail.""")
  public void delete(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.delete(tracker.resolve(id), ExpectedVersion.ANY);
    print(ctx, asJson, task, "Deleted " + describe(task));
  }

  @Command(
      name = {"task", "list"},
      description = "List open tasks, or finished ones with --status",
      group = GROUP,
      help =
          "task list [--status pending|in_progress|completed|failed] [--priority low|medium|high]"
              + " [--tag T]... [--limit N] [--json]\n"
              + "  Completed and failed tasks come from history, newest first (default limit 50).\n"
              + "  With several --tag, a task must carry all of them.")
  public void list(
      CommandContext ctx,
      @Option(longName = "status", shortName = 's') @Nullable String status,
      @Option(longName = "priority", shortName = 'p', description = "low, medium or high")
          @Nullable String priority,
      @Option(longName = "tag", shortName = 't', description = "a tag; repeat to require more")
          @Nullable List<String> tags,
      @Option(longName = "limit", defaultValue = "50") Integer limit,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    List<Task> tasks = TaskFilter.parse(status, priority, tags).list(tracker, limit);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(TaskList.of(tasks)));
    } else {
      TaskText.table(out, tasks);
    }
  }

  @Command(
      name = {"task", "show"},
      description = "Show one task, open or archived, with its context and history",
      group = GROUP,
      help = "task show ID [--json]")
  public void show(
      CommandContext ctx,
      @Argument(index = 0) String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Task task = tracker.get(tracker.resolve(id));
    if (asJson) {
      ctx.outputWriter().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(task));
    } else {
      TaskText.page(ctx.outputWriter(), task);
    }
  }

  @Command(
      name = {"task", "files"},
      description = "Record files touched while working on a task",
      group = GROUP,
      help = "task files ID --add PATH[,PATH…] [--json]")
  public void files(
      CommandContext ctx,
      @Argument(index = 0) String id,
      @Option(longName = "add", shortName = 'a', required = true) List<String> paths,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    UUID taskId = tracker.resolve(id);
    // Check every path before recording any, so a bad one changes nothing.
    paths.forEach(p -> TaskInput.entry(ContextKind.FILE.wire(), p));
    Task task = null;
    for (String path : paths) {
      task = tracker.addContext(taskId, ContextKind.FILE, path);
    }
    print(ctx, asJson, task, "Files of " + describe(task) + ": " + files(task));
  }

  @Command(
      name = {"task", "decide"},
      description = "Record a decision taken on a task",
      group = GROUP,
      help = "task decide ID TEXT… [--json]")
  public void decide(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    addText(ctx, words, ContextKind.DECISION, asJson);
  }

  @Command(
      name = {"task", "note"},
      description = "Add a note to a task",
      group = GROUP,
      help = "task note ID TEXT… [--json]")
  public void note(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    addText(ctx, words, ContextKind.NOTE, asJson);
  }

  private void addText(CommandContext ctx, List<String> words, ContextKind kind, boolean asJson) {
    if (words == null || words.size() < 2) {
      throw new InvalidInputException(
          kind.wire(), "give a task id and the " + kind.wire() + " text");
    }
    Task task =
        tracker.addContext(
            tracker.resolve(words.get(0)), kind, String.join(" ", words.subList(1, words.size())));
    print(ctx, asJson, task, "Recorded " + kind.wire() + " on " + describe(task));
  }

  private static String files(@Nullable Task task) {
    return task == null ? "" : String.join(", ", task.context().filesModified());
  }

  private void print(CommandContext ctx, boolean asJson, @Nullable Task task, String text) {
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(task));
    } else {
      out.println(text);
    }
  }

  private static String describe(@Nullable Task task) {
    if (task == null) {
      return "no task";
    }
    return "task " + task.shortId() + " '" + task.name() + "'";
  }
}
