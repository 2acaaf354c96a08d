package dev.autodev.memory;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.MemoryItem;
import dev.autodev.tracker.MemoryKind;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
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
 * The {@code memory …} commands. Free text is every word after the command, so quoting is only
 * needed to keep spacing exactly; with {@code --json} each prints exactly one JSON document, the
 * same shape /api/memory returns.
 */
@Component
class MemoryCommands {

  private static final String GROUP = "Memory";

  private final TaskTracker tracker;
  private final ContextExport export;
  private final JsonMapper json;

  MemoryCommands(TaskTracker tracker, ContextExport export, JsonMapper json) {
    this.tracker = tracker;
    this.export = export;
    this.json = json;
  }

  @Command(
      name = {"memory", "show"},
      description = "Show the memory: project type, facts, key decisions, learned patterns",
      group = GROUP,
      help = "memory show [--json]")
  public void show(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Memory memory = tracker.memory();
    if (asJson) {
      print(ctx, memory);
    } else {
      MemoryText.show(ctx.outputWriter(), memory);
    }
  }

  @Command(
      name = {"memory", "set"},
      description = "Set a fact: a key and its value",
      group = GROUP,
      help =
          """
          memory set KEY VALUE… [--json]
            The value is every word after the key. Example: memory set build ./mvnw verify
            A value starting with '-' goes in quotes or after '--': memory set jvm -- -Xmx1g""")
  public void set(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    if (words == null || words.size() < 2) {
      throw new InvalidInputException("value", "give a key and its value: memory set KEY VALUE");
    }
    String key = words.get(0);
    String value = tracker.setFact(key, String.join(" ", words.subList(1, words.size())));
    Fact fact = new Fact(key.strip(), value);
    printOr(ctx, asJson, fact, "Set " + fact.key() + " = " + fact.value());
  }

  @Command(
      name = {"memory", "get"},
      description = "Print the value of a fact",
      group = GROUP,
      help = "memory get KEY [--json]")
  public void get(
      CommandContext ctx,
      @Argument(index = 0) @Nullable String key,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    String value = tracker.fact(key == null ? "" : key);
    Fact fact = new Fact(key == null ? "" : key.strip(), value);
    printOr(ctx, asJson, fact, value);
  }

  @Command(
      name = {"memory", "unset"},
      description = "Remove a fact",
      group = GROUP,
      help = "memory unset KEY [--json]")
  public void unset(
      CommandContext ctx,
      @Argument(index = 0) @Nullable String key,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    String old = tracker.unsetFact(key == null ? "" : key);
    Fact fact = new Fact(key == null ? "" : key.strip(), old);
    printOr(ctx, asJson, fact, "Removed " + fact.key() + " (was " + old + ")");
  }

  @Command(
      name = {"memory", "project-type"},
      description = "Set the project type (e.g. cli_tool), or show it",
      group = GROUP,
      help = "memory project-type [TYPE…] [--json]\n  Without a type, prints the current one.")
  public void projectType(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    if (words == null || words.isEmpty()) {
      String type = tracker.memory().projectType();
      printOr(ctx, asJson, new ProjectType(type), type == null ? "(not set)" : type);
      return;
    }
    String type = tracker.setProjectType(String.join(" ", words));
    printOr(ctx, asJson, new ProjectType(type), "Project type: " + type);
  }

  @Command(
      name = {"memory", "decide"},
      description = "Record a key decision, optionally about a task",
      group = GROUP,
      help =
          """
          memory decide TEXT… [--task ID] [--tag T]... [--json]
            Example: memory decide Use JSON Lines for every log --task 3f2a""")
  public void decide(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "task", description = "id of the task it is about") @Nullable String task,
      @Option(longName = "tag", shortName = 't', description = "a tag; repeat for more")
          @Nullable List<String> tags,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    record(ctx, MemoryKind.DECISION, words, task, tags, asJson);
  }

  @Command(
      name = {"memory", "learn"},
      description = "Record a learned pattern, optionally tagged",
      group = GROUP,
      help =
          """
          memory learn TEXT… [--tag T]... [--task ID] [--json]
            Example: memory learn fsync the folder after a rename --tag io""")
  public void learn(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "tag", shortName = 't', description = "a tag; repeat for more")
          @Nullable List<String> tags,
      @Option(longName = "task", description = "id of the task it came from") @Nullable String task,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    record(ctx, MemoryKind.PATTERN, words, task, tags, asJson);
  }

  private void record(
      CommandContext ctx,
      MemoryKind kind,
      @Nullable List<String> words,
      @Nullable String task,
      @Nullable List<String> tags,
      boolean asJson) {
    String text = words == null ? "" : String.join(" ", words);
    UUID taskId = task == null ? null : tracker.resolve(task);
    List<String> tagList = tags == null ? List.of() : tags;
    MemoryEntry entry =
        kind == MemoryKind.DECISION
            ? tracker.decide(text, taskId, tagList)
            : tracker.learn(text, taskId, tagList);
    printOr(
        ctx,
        asJson,
        entry,
        "Recorded " + kind + " " + entry.id().toString().substring(0, 8) + ": " + entry.text());
  }

  @Command(
      name = {"memory", "forget"},
      description = "Remove a key decision or learned pattern",
      group = GROUP,
      help = "memory forget ENTRY_ID [--json]\n  Any unique id prefix of 4+ characters works.")
  public void forget(
      CommandContext ctx,
      @Argument(index = 0) @Nullable String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    MemoryItem item = tracker.forget(tracker.resolveMemoryEntry(id == null ? "" : id));
    printOr(ctx, asJson, item, "Forgot " + MemoryText.describe(item) + ": " + item.entry().text());
  }

  @Command(
      name = {"memory", "search"},
      description = "Find decisions, patterns and facts that contain every word given",
      group = GROUP,
      help = "memory search TEXT… [--limit N] [--json]\n  Case does not matter; default limit 50.")
  public void search(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "limit", defaultValue = "50") Integer limit,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    SearchResult result =
        MemorySearch.search(tracker.memory(), words == null ? "" : String.join(" ", words), limit);
    if (asJson) {
      print(ctx, result);
    } else {
      MemoryText.search(ctx.outputWriter(), result);
    }
  }

  @Command(
      name = {"memory", "export"},
      description = "Write a briefing of the session and memory for an agent's next prompt",
      group = GROUP,
      help =
          """
          memory export [--format markdown|json] [--max-chars N] [--json]
            Current task and its context first, then what is in progress and ready, key
            decisions, learned patterns, facts and the other open tasks; trimmed to N
            characters (default 4000) by leaving out whole entries from the end, and saying
            what was left out. --json is the same as --format json.""")
  public void export(
      CommandContext ctx,
      @Option(longName = "format", shortName = 'f') @Nullable String format,
      @Option(longName = "max-chars", defaultValue = "4000") Integer maxChars,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    ContextExport.Format f = ContextExport.Format.parse(format);
    if (asJson) {
      if (format != null && f != ContextExport.Format.JSON) {
        throw new InvalidInputException("format", "--json and --format " + format + " disagree");
      }
      f = ContextExport.Format.JSON;
    }
    ctx.outputWriter().print(export.export(f, maxChars));
  }

  private void printOr(CommandContext ctx, boolean asJson, Object document, String text) {
    if (asJson) {
      print(ctx, document);
    } else {
      ctx.outputWriter().println(text);
    }
  }

  private void print(CommandContext ctx, Object document) {
    PrintWriter out = ctx.outputWriter();
    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }
}
