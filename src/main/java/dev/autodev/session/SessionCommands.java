package dev.autodev.session;

import dev.autodev.tracker.SessionRecord;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code task resume} and the {@code session …} commands. With {@code --json} each prints exactly
 * one JSON document, the same shape the REST API returns.
 */
@Component
class SessionCommands {

  private static final String GROUP = "Sessions";

  private final SessionView view;
  private final TaskTracker tracker;
  private final JsonMapper json;

  SessionCommands(SessionView view, TaskTracker tracker, JsonMapper json) {
    this.view = view;
    this.tracker = tracker;
    this.json = json;
  }

  @Command(
      name = {"task", "resume"},
      description =
          "Where was I? Session, last run, current task and its context, what is ready, memory",
      group = "Tasks",
      help =
          """
          task resume [--json]
            One screen: the session and how long ago it was last active, whether the last run
            ended cleanly or was cut off and what recovery restored, the current task with its
            files, decisions and notes, what is in progress, ready next and blocked, and the
            latest decisions and patterns. --json gives the same as one document.""")
  public void resume(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    ResumeReport report = view.resume();
    if (asJson) {
      print(ctx, report);
    } else {
      SessionText.resume(ctx.outputWriter(), report);
    }
  }

  @Command(
      name = {"session", "show"},
      description = "Show the open session: when it started, what it completed and decided",
      group = GROUP,
      help = "session show [--json]")
  public void show(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    SessionInfo info = view.show();
    if (asJson) {
      print(ctx, info);
    } else {
      SessionText.show(ctx.outputWriter(), info);
    }
  }

  @Command(
      name = {"session", "start"},
      description = "Start a session now (otherwise the next change starts one)",
      group = GROUP,
      help =
          """
          session start [--json]
            Refused while a session is open: end it first with 'session end'.""")
  public void start(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    tracker.startSession();
    SessionInfo info = view.show();
    if (asJson) {
      print(ctx, info);
    } else {
      ctx.outputWriter()
          .println("Started session " + info.sessionId() + " at " + info.startedAt() + ".");
    }
  }

  @Command(
      name = {"session", "end"},
      description = "End the session: log its summary, carry open tasks over to the next one",
      group = GROUP,
      help =
          """
          session end [--json]
            Appends the session's summary (start, end, tasks completed and failed, decisions
            made) to history/sessions.jsonl. Every open task and the current task carry over;
            the next change, or 'session start', starts the next session clean.""")
  public void end(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    SessionRecord ended = tracker.endSession();
    if (asJson) {
      print(ctx, ended);
    } else {
      SessionText.ended(ctx.outputWriter(), ended);
    }
  }

  @Command(
      name = {"session", "list"},
      description = "List ended sessions, newest first",
      group = GROUP,
      help = "session list [--limit N] [--json]\n  From history/sessions.jsonl; default limit 20.")
  public void list(
      CommandContext ctx,
      @Option(longName = "limit", defaultValue = "20") Integer limit,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    SessionList list = view.list(limit);
    if (asJson) {
      print(ctx, list);
    } else {
      SessionText.list(ctx.outputWriter(), list);
    }
  }

  private void print(CommandContext ctx, Object document) {
    PrintWriter out = ctx.outputWriter();
    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }
}
