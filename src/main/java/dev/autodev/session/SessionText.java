package dev.autodev.session;

import dev.autodev.task.TaskText;
import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.SessionRecord;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskRef;
import dev.autodev.tracker.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How sessions read at a terminal: the resume screen, the open session, the ended ones. */
final class SessionText {

  /** Most tasks or entries one list on the resume screen shows; the rest is counted. */
  static final int LIST_LINES = 8;

  /** Longest decision, note or pattern the resume screen prints before cutting it. */
  static final int BRIEF = 160;

  private SessionText() {}

  static void resume(PrintWriter out, ResumeReport r) {
    if (r.sessionOpen()) {
      out.println(
          "Session "
              + shortId(r.sessionId())
              + " open since "
              + r.sessionStartedAt()
              + idle(r.idleSeconds())
              + " (revision "
              + r.revision()
              + ")");
    } else if (r.lastEndedSession() != null) {
      SessionRecord last = r.lastEndedSession();
      out.println(
          "No session open: session "
              + shortId(last.sessionId())
              + " ended at "
              + last.endedAt()
              + idle(r.idleSeconds())
              + "; the next change starts a new one.");
    } else if (r.revision() == 0) {
      out.println("Nothing recorded in this folder yet: 'task create NAME' starts a session.");
    } else {
      out.println("No session open" + idle(r.idleSeconds()) + ".");
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
          r.otherActiveRuns().size()
              + " other process"
              + (r.otherActiveRuns().size() == 1 ? " is" : "es are")
              + " working on this folder now.");
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
      out.println(
          "Current task: "
              + current.shortId()
              + " '"
              + current.name()
              + "' ("
              + current.status()
              + ", "
              + current.priority()
              + (current.startedAt() == null ? "" : ", started " + current.startedAt())
              + ")");
      List<String> above =
          r.scope().stream()
              .filter(t -> !t.id().equals(current.id()))
              .map(t -> t.shortId() + " '" + t.name() + "'")
              .toList();
      if (!above.isEmpty()) {
        out.println("  under:    " + String.join(" > ", above));
      }
      if (!current.context().filesModified().isEmpty()) {
        out.println("  files:    " + String.join(", ", current.context().filesModified()));
      }
      for (String d : current.context().decisions()) {
        out.println("  decision: " + brief(d));
      }
      for (String n : current.context().notes()) {
        out.println("  note:     " + brief(n));
      }
    }
    NextTask next = r.next();
    if (next.task() != null) {
      out.println(
          "Next: "
              + next.task().shortId()
              + " '"
              + next.task().name()
              + "' — "
              + next.reason()
              + (next.command() == null ? "" : " ('" + next.command() + "')"));
    } else if (current == null) {
      out.println("Next: " + next.reason());
    }
    lines(out, "In progress", r.inProgress().stream().map(SessionText::task).toList(), "task list");
    lines(
        out,
        "Ready next",
        r.ready().stream()
            .map(
                e ->
                    task(e.task())
                        + (e.task().status() == TaskStatus.FAILED ? "  (failed: retry it)" : "")
                        + (e.unblocks() > 0 ? "  (unblocks " + e.unblocks() + ")" : ""))
            .toList(),
        "task ready");
    lines(
        out,
        "Blocked",
        r.blocked().stream()
            .map(
                e ->
                    task(e.task())
                        + "  — waits for "
                        + String.join(", ", e.blockedBy().stream().map(TaskRef::describe).toList()))
            .toList(),
        "task blocked");
    if (!r.completedThisSession().isEmpty() || !r.failedThisSession().isEmpty()) {
      out.println("This session:");
      for (CompletedSummary c : r.completedThisSession()) {
        out.println(
            "  done    "
                + c.id().toString().substring(0, 8)
                + "  "
                + c.name()
                + "  ("
                + TaskText.duration(c.durationSeconds())
                + ")");
      }
      for (FailedSummary f : r.failedThisSession()) {
        out.println(
            "  failed  "
                + f.id().toString().substring(0, 8)
                + "  "
                + f.name()
                + "  — "
                + f.reason()
                + " (retry with 'task retry ID')");
      }
    }
    MemoryDigest m = r.memory();
    out.println(
        "Memory: "
            + (m.projectType() == null ? "" : "project type " + m.projectType() + "; ")
            + count(m.decisionCount(), "decision")
            + ", "
            + count(m.patternCount(), "pattern")
            + ", "
            + count(m.factCount(), "fact"));
    entries(out, "Latest decisions", m.latestDecisions());
    entries(out, "Latest patterns", m.latestPatterns());
  }

  static void show(PrintWriter out, SessionInfo s) {
    if (!s.open()) {
      SessionRecord last = s.lastEnded();
      out.println(
          "No session open"
              + (last == null
                  ? ""
                  : "; session " + shortId(last.sessionId()) + " ended at " + last.endedAt())
              + ". The next change, or 'session start', starts one.");
      return;
    }
    out.println("Session " + s.sessionId());
    out.println("  started:     " + s.startedAt() + idle(s.idleSeconds()));
    out.println(
        "  this session: "
            + s.completed().size()
            + " completed, "
            + s.failed().size()
            + " failed, "
            + count(s.decisions().size(), "decision")
            + " recorded");
    out.println(
        "  open tasks:  "
            + s.openTasks()
            + (s.currentTaskId() == null ? "" : "; current task " + shortId(s.currentTaskId())));
  }

  static void ended(PrintWriter out, SessionRecord r) {
    out.println(
        "Ended session "
            + shortId(r.sessionId())
            + (r.startedAt() == null
                ? ""
                : " after "
                    + TaskText.duration(Duration.between(r.startedAt(), r.endedAt()).toSeconds()))
            + ": "
            + r.completed().size()
            + " completed, "
            + r.failed().size()
            + " failed, "
            + count(r.decisions().size(), "decision")
            + ". "
            + r.openTasks()
            + " open task"
            + (r.openTasks() == 1 ? "" : "s")
            + (r.currentTaskId() == null ? "" : " and the current task")
            + " carry over; the next change starts a new session.");
  }

  static void list(PrintWriter out, SessionList list) {
    if (list.sessions().isEmpty()) {
      out.println("No session has ended yet.");
      return;
    }
    out.printf(
        "%-8s  %-24s  %-24s  %5s  %6s  %9s%n",
        "SESSION", "STARTED", "ENDED", "DONE", "FAILED", "DECISIONS");
    for (SessionRecord r : list.sessions()) {
      out.printf(
          "%-8s  %-24s  %-24s  %5d  %6d  %9d%n",
          shortId(r.sessionId()),
          r.startedAt() == null ? "-" : r.startedAt(),
          r.endedAt(),
          r.completed().size(),
          r.failed().size(),
          r.decisions().size());
    }
    out.println(list.count() + (list.count() == 1 ? " session" : " sessions"));
  }

  private static String task(Task t) {
    return t.shortId() + "  " + t.priority() + "  " + t.name();
  }

  private static void lines(PrintWriter out, String title, List<String> lines, String more) {
    if (lines.isEmpty()) {
      return;
    }
    out.println(title + " (" + lines.size() + "):");
    for (int i = 0; i < Math.min(lines.size(), LIST_LINES); i++) {
      out.println("  " + lines.get(i));
    }
    if (lines.size() > LIST_LINES) {
      out.println("  … and " + (lines.size() - LIST_LINES) + " more ('" + more + "')");
    }
  }

  private static void entries(PrintWriter out, String title, List<MemoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    out.println("  " + title + ":");
    for (MemoryEntry e : entries) {
      out.println(
          "    "
              + e.id().toString().substring(0, 8)
              + "  "
              + brief(e.text())
              + (e.taskId() == null ? "" : "  (task " + shortId(e.taskId()) + ")"));
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String idle(@Nullable Long seconds) {
    return seconds == null ? "" : ", last change " + TaskText.duration(seconds) + " ago";
  }

  static String shortId(@Nullable Object id) {
    return id == null ? "-" : id.toString().substring(0, 8);
  }

  /** Long texts are cut on the resume screen; 'task show' and 'memory show' print them whole. */
  static String brief(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= BRIEF ? line : line.substring(0, BRIEF - 1) + "…";
  }
}
