package dev.autodev.session;

import dev.autodev.task.TaskText;
import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.Task;
import java.io.PrintWriter;
import java.util.List;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** {@code task resume}: where work stands, in one screen or one JSON document. */
@Component
class SessionCommands {

  private final SessionView view;
  private final JsonMapper json;

  SessionCommands(SessionView view, JsonMapper json) {
    this.view = view;
    this.json = json;
  }

  @Command(
      name = {"task", "resume"},
      description = "Show where work stands: session, last run, current task, open tasks",
      group = "Tasks",
      help = "task resume [--json]")
  public void resume(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    ResumeReport r = view.resume();
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return;
    }
    if (r.sessionId() == null) {
      out.println("No session yet: nothing has been recorded in this folder.");
    } else {
      out.println(
          "Session "
              + r.sessionId()
              + ", started "
              + r.sessionStartedAt()
              + (r.idleSeconds() == null
                  ? ""
                  : ", last change " + TaskText.duration(r.idleSeconds()) + " ago"));
    }
    RunOutcome last = r.lastRun();
    if (last != null) {
      if (RunOutcome.CUT_OFF.equals(last.outcome())) {
        out.println(
            "Last run was CUT OFF: "
                + last.mode()
                + " (pid "
                + last.pid()
                + ") stopped without exiting"
                + (last.lastChangeAt() == null
                    ? ""
                    : "; its last change was at " + last.lastChangeAt())
                + ". Every change it reported as saved is here.");
      } else {
        out.println("Last run ended cleanly at " + last.endedAt() + " (" + last.mode() + ").");
      }
    }
    if (!r.otherActiveRuns().isEmpty()) {
      out.println(
          r.otherActiveRuns().size() + " other process(es) are working on this folder now.");
    }
    if (r.lastRecovery() != null) {
      out.println("Recovery at " + r.lastRecovery().at() + ":");
      for (String a : r.lastRecovery().actions()) {
        out.println("  - " + a);
      }
    }
    Task current = r.currentTask();
    if (current == null) {
      out.println("Current task: none");
    } else {
      out.println("Current task:");
      TaskText.page(out, current);
    }
    section(out, "In progress", r.inProgress());
    section(out, "Pending", r.pending());
    if (!r.completedThisSession().isEmpty()) {
      out.println("Completed this session:");
      for (CompletedSummary c : r.completedThisSession()) {
        out.println(
            "  "
                + c.id().toString().substring(0, 8)
                + "  "
                + c.name()
                + "  ("
                + TaskText.duration(c.durationSeconds())
                + ")");
      }
    }
    if (!r.failedThisSession().isEmpty()) {
      out.println("Failed this session (retry with 'task retry ID'):");
      for (FailedSummary f : r.failedThisSession()) {
        out.println(
            "  " + f.id().toString().substring(0, 8) + "  " + f.name() + "  — " + f.reason());
      }
    }
  }

  private static void section(PrintWriter out, String title, List<Task> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    out.println(title + ":");
    for (Task t : tasks) {
      out.println("  " + t.shortId() + "  " + t.priority() + "  " + t.name());
    }
  }
}
