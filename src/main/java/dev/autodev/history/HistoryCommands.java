package dev.autodev.history;

import dev.autodev.task.TaskText;
import dev.autodev.tracker.AuditEntry;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code task history}, {@code task search}, {@code task stats}, {@code task log} and {@code store
 * compact}. Each writes to the command's own writer; with {@code --json} it prints exactly one JSON
 * document, the shape the REST API returns.
 */
@Component
class HistoryCommands {

  private static final String GROUP = "History";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final HistoryQueries queries;
  private final HistoryMaintenance maintenance;
  private final TaskTracker tracker;
  private final JsonMapper json;

  HistoryCommands(
      HistoryQueries queries,
      HistoryMaintenance maintenance,
      TaskTracker tracker,
      JsonMapper json) {
    this.queries = queries;
    this.maintenance = maintenance;
    this.tracker = tracker;
    this.json = json;
  }

  @Command(
      name = {"task", "history"},
      description = "List finished tasks, newest first, with filters and paging",
      group = GROUP,
      help =
          """
          task history [--status completed|failed] [--text TEXT] [--tag T] [--priority P] \
          [--parent ID] [--session ID] [--since DAY] [--until DAY] [--created-since DAY] \
          [--created-until DAY] [--min-duration D] [--max-duration D] [--attempts] [--limit N] \
          [--cursor C] [--json]
            --text matches name, description, decisions and notes, ignoring case.
            --since/--until bound when the task finished (until is exclusive); a DAY is
            YYYY-MM-DD (UTC) or an instant like 2026-01-31T10:00:00Z.
            Durations: 90 (seconds), 45m, 2h, 1d, 1h30m.
            Each task appears once, in its latest state; --attempts also lists failed
            attempts that were retried. --limit is 1 to 1000 (default 50); pass the printed
            cursor as --cursor for the next page.
            Example: task history --status completed --since 2026-01-01 --until 2026-02-01""")
  public void history(
      CommandContext ctx,
      @Option(longName = "status", shortName = 's') @Nullable String status,
      @Option(longName = "text", description = "words in name, description, decisions, notes")
          @Nullable String text,
      @Option(longName = "tag", shortName = 't') @Nullable String tag,
      @Option(longName = "priority", shortName = 'p') @Nullable String priority,
      @Option(longName = "parent") @Nullable String parent,
      @Option(longName = "session") @Nullable String session,
      @Option(longName = "since", description = "finished on or after (YYYY-MM-DD)")
          @Nullable String since,
      @Option(longName = "until", description = "finished before (YYYY-MM-DD)")
          @Nullable String until,
      @Option(longName = "created-since") @Nullable String createdSince,
      @Option(longName = "created-until") @Nullable String createdUntil,
      @Option(longName = "min-duration") @Nullable String minDuration,
      @Option(longName = "max-duration") @Nullable String maxDuration,
      @Option(longName = "attempts", defaultValue = "false") Boolean attempts,
      @Option(longName = "limit", shortName = 'n', defaultValue = "50") Integer limit,
      @Option(longName = "cursor") @Nullable String cursor,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    HistoryQuery q =
        QueryInput.history(
            new QueryInput.Raw(
                status,
                text,
                tag,
                priority,
                parent,
                session,
                since,
                until,
                createdSince,
                createdUntil,
                minDuration,
                maxDuration,
                attempts,
                limit,
                cursor));
    HistoryQueries.HistoryPage page = queries.history(q);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(page));
      return;
    }
    if (page.records().isEmpty()) {
      out.println(q.cursor() == null ? "No finished tasks match." : "No more finished tasks.");
      return;
    }
    out.printf("%-8s  %-9s  %-16s  %-10s  %s%n", "ID", "STATUS", "FINISHED (UTC)", "TOOK", "NAME");
    for (HistoryQueries.HistoryRecord r : page.records()) {
      row(out, r.task(), r.superseded());
    }
    out.println(
        page.count()
            + (page.count() == 1 ? " task" : " tasks")
            + (page.nextCursor() == null ? "" : "; next page: --cursor " + page.nextCursor()));
  }

  private static void row(PrintWriter out, Task t, boolean superseded) {
    Instant finished = t.completedAt() != null ? t.completedAt() : t.failedAt();
    out.printf(
        "%-8s  %-9s  %-16s  %-10s  %s%s%s%n",
        t.shortId(),
        t.status(),
        finished == null ? "" : WHEN.format(finished),
        TaskText.duration(t.durationSeconds()),
        t.name(),
        t.tags().isEmpty() ? "" : "  [" + String.join(", ", t.tags()) + "]",
        superseded ? "  (retried later)" : "");
  }

  @Command(
      name = {"task", "search"},
      description = "Search open and finished tasks by text",
      group = GROUP,
      help =
          """
          task search TEXT… [--limit N] [--cursor C] [--json]
            Matches name, description, decisions and notes, ignoring case. Open tasks come
            first (most recently changed first), then finished ones, newest first.""")
  public void search(
      CommandContext ctx,
      @Arguments List<String> words,
      @Option(longName = "limit", shortName = 'n', defaultValue = "50") Integer limit,
      @Option(longName = "cursor") @Nullable String cursor,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    String text = QueryInput.text(words == null ? null : String.join(" ", words));
    if (text == null) {
      throw new InvalidInputException("text", "give the text to search for");
    }
    HistoryQueries.SearchPage page =
        queries.search(
            text,
            QueryInput.limit(limit),
            QueryInput.present(cursor) ? Cursor.decode(cursor) : null);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(page));
      return;
    }
    if (page.results().isEmpty()) {
      out.println("No tasks match '" + text + "'.");
      return;
    }
    out.printf("%-8s  %-11s  %-16s  %s%n", "ID", "STATUS", "UPDATED (UTC)", "NAME");
    for (HistoryQueries.SearchHit h : page.results()) {
      Task t = h.task();
      out.printf(
          "%-8s  %-11s  %-16s  %s%n",
          t.shortId(), t.status(), WHEN.format(t.updatedAt()), t.name());
    }
    out.println(
        page.count()
            + (page.count() == 1 ? " task" : " tasks")
            + (page.nextCursor() == null ? "" : "; next page: --cursor " + page.nextCursor()));
  }

  @Command(
      name = {"task", "stats"},
      description = "Counts by status, completion rate, median duration per week",
      group = GROUP,
      help =
          """
          task stats [--since DAY] [--until DAY] [--weeks N] [--json]
            Counts each task once by its final outcome (a retried failure is an attempt, not
            a failed task). --weeks: how many recent weeks to list (default 12, 0 for all).""")
  public void stats(
      CommandContext ctx,
      @Option(longName = "since") @Nullable String since,
      @Option(longName = "until") @Nullable String until,
      @Option(longName = "weeks", defaultValue = "12") Integer weeks,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    HistoryStats.Report r =
        queries.stats(statsSince(since, until), QueryInput.date("until", until), weeks(weeks));
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return;
    }
    out.println(
        "Open: "
            + r.open().getOrDefault("pending", 0L)
            + " pending, "
            + r.open().getOrDefault("in_progress", 0L)
            + " in progress");
    out.println(
        "Finished: "
            + r.finished().completed()
            + " completed, "
            + r.finished().failed()
            + " failed"
            + (r.completionRate() == null
                ? ""
                : String.format(
                    Locale.ROOT, " (completion rate %.1f%%)", 100 * r.completionRate())));
    long retried = r.attempts().failed() - r.finished().failed();
    if (retried > 0) {
      out.println("Retried: " + retried + " failed attempts were tried again");
    }
    if (!r.weeks().isEmpty()) {
      out.printf("%-8s  %-10s  %9s  %6s  %s%n", "WEEK", "STARTS", "COMPLETED", "FAILED", "MEDIAN");
      for (HistoryStats.Week w : r.weeks()) {
        out.printf(
            "%-8s  %-10s  %9d  %6d  %s%n",
            w.week(),
            w.startsOn(),
            w.completed(),
            w.failed(),
            w.medianDurationSeconds() == null ? "-" : TaskText.duration(w.medianDurationSeconds()));
      }
    }
  }

  static @Nullable Instant statsSince(@Nullable String since, @Nullable String until) {
    Instant from = QueryInput.date("since", since);
    Instant to = QueryInput.date("until", until);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInputException(
          "since", "--since must be before --until (which is exclusive)");
    }
    return from;
  }

  static int weeks(@Nullable Integer weeks) {
    if (weeks == null) {
      return 12;
    }
    if (weeks < 0 || weeks > 10_000) {
      throw new InvalidInputException("weeks", "weeks must be 0 (all) to 10000, not " + weeks);
    }
    return weeks;
  }

  @Command(
      name = {"task", "log"},
      description = "Every event of one task, open or finished, in order",
      group = GROUP,
      help = "task log ID [--json]\n  Time (UTC), what happened, session and run, details.")
  public void log(
      CommandContext ctx,
      @Argument(index = 0, description = "task id or prefix") String id,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    HistoryQueries.TaskEvents events = queries.log(tracker.resolve(id));
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(events));
      return;
    }
    out.println(
        "Task "
            + events.taskId()
            + " '"
            + events.name()
            + "' ("
            + events.status()
            + (events.archived() ? ", archived" : "")
            + ")");
    out.printf("%-24s  %-16s  %-8s  %-8s  %s%n", "WHEN (UTC)", "EVENT", "SESSION", "RUN", "DETAIL");
    for (AuditEntry e : events.events()) {
      String change = e.to() == null ? "" : (e.from() == null ? "" : e.from() + " → ") + e.to();
      String detail =
          e.detail() == null ? change : (change.isEmpty() ? "" : change + "  ") + e.detail();
      out.printf(
          "%-24s  %-16s  %-8s  %-8s  %s%n",
          e.at(),
          e.type(),
          e.sessionId() == null ? "-" : e.sessionId().toString().substring(0, 8),
          e.runId() == null ? "-" : e.runId().toString().substring(0, 8),
          detail);
    }
    out.println(events.events().size() + (events.events().size() == 1 ? " event" : " events"));
  }

  @Command(
      name = {"store", "compact"},
      description = "Compress closed history segments now and check history/index.json",
      group = "Store",
      help =
          """
          store compact [--json]
            Compresses every closed plain segment of history/ to .jsonl.gz (verified before
            the plain file is removed), finishes compactions a crash interrupted, and
            rebuilds history/index.json where it is missing or wrong.""")
  public void compact(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    Compactor.Report r = maintenance.compactNow();
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return;
    }
    for (String c : r.cleaned()) {
      out.println("Cleaned up: " + c);
    }
    for (String s : r.skipped()) {
      out.println("Skipped: " + s);
    }
    if (r.compressed().isEmpty()) {
      out.println("Nothing to compress: every closed segment is already compressed.");
    } else {
      out.printf(
          Locale.ROOT,
          "Compressed %d segment%s (%.1f MiB → %.1f MiB): %s%n",
          r.compressed().size(),
          r.compressed().size() == 1 ? "" : "s",
          r.plainBytes() / 1048576.0,
          r.compressedBytes() / 1048576.0,
          String.join(", ", r.compressed()));
    }
    out.println("history/index.json is up to date.");
  }
}
