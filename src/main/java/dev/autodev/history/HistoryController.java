package dev.autodev.history;

import dev.autodev.tracker.TaskTracker;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The history over HTTP: the same queries, parameters (in snake_case) and JSON documents as the
 * {@code task history}, {@code task search}, {@code task stats}, {@code task log} and {@code store
 * compact} commands.
 */
@RestController
@Tag(
    name = "history",
    description =
        "Finished tasks at any scale: history with filters and paging, search, stats, one task's events")
class HistoryController {

  private final HistoryQueries queries;
  private final TaskTracker tracker;
  private final HistoryMaintenance maintenance;

  HistoryController(HistoryQueries queries, TaskTracker tracker, HistoryMaintenance maintenance) {
    this.queries = queries;
    this.tracker = tracker;
    this.maintenance = maintenance;
  }

  @GetMapping("/api/history")
  HistoryQueries.HistoryPage history(
      @RequestParam(name = "status", required = false) @Nullable String status,
      @RequestParam(name = "text", required = false) @Nullable String text,
      @RequestParam(name = "tag", required = false) @Nullable String tag,
      @RequestParam(name = "priority", required = false) @Nullable String priority,
      @RequestParam(name = "parent", required = false) @Nullable String parent,
      @RequestParam(name = "session", required = false) @Nullable String session,
      @RequestParam(name = "since", required = false) @Nullable String since,
      @RequestParam(name = "until", required = false) @Nullable String until,
      @RequestParam(name = "created_since", required = false) @Nullable String createdSince,
      @RequestParam(name = "created_until", required = false) @Nullable String createdUntil,
      @RequestParam(name = "min_duration", required = false) @Nullable String minDuration,
      @RequestParam(name = "max_duration", required = false) @Nullable String maxDuration,
      @RequestParam(name = "attempts", required = false) @Nullable Boolean attempts,
      @RequestParam(name = "limit", required = false) @Nullable Integer limit,
      @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
    return queries.history(
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
                cursor)));
  }

  @GetMapping("/api/search")
  HistoryQueries.SearchPage search(
      @RequestParam(name = "text") String text,
      @RequestParam(name = "limit", required = false) @Nullable Integer limit,
      @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
    String t = QueryInput.text(text);
    if (t == null) {
      throw new dev.autodev.tracker.InvalidInputException("text", "give the text to search for");
    }
    return queries.search(
        t, QueryInput.limit(limit), QueryInput.present(cursor) ? Cursor.decode(cursor) : null);
  }

  @GetMapping("/api/stats")
  HistoryStats.Report stats(
      @RequestParam(name = "since", required = false) @Nullable String since,
      @RequestParam(name = "until", required = false) @Nullable String until,
      @RequestParam(name = "weeks", required = false) @Nullable Integer weeks) {
    return queries.stats(
        HistoryCommands.statsSince(since, until),
        QueryInput.date("until", until),
        HistoryCommands.weeks(weeks));
  }

  /** Compresses the closed segments now and checks the index: the {@code store compact} twin. */
  @PostMapping("/api/store/compact")
  Compactor.Report compact() {
    return maintenance.compactNow();
  }

  @GetMapping("/api/tasks/{id}/events")
  HistoryQueries.TaskEvents events(@PathVariable("id") String id) {
    return queries.log(tracker.resolve(id));
  }
}
