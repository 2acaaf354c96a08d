package dev.autodev.history;

import dev.autodev.tracker.Priority;
import dev.autodev.tracker.TaskStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One question to the history, already validated ({@link QueryInput} turns what a user typed into
 * this). Every filter is optional; records come newest first.
 *
 * @param text matched, case-insensitively, against name, description, decisions and notes
 * @param parent a parent task id or id prefix
 * @param session a session id or id prefix (the session the task was created in)
 * @param since finished at or after (completed_at or failed_at)
 * @param until finished before
 * @param minDuration at least this many seconds of work
 * @param maxDuration at most this many seconds of work
 * @param attempts also list records superseded by a later attempt of the same task
 */
record HistoryQuery(
    @Nullable TaskStatus status,
    @Nullable String text,
    @Nullable String tag,
    @Nullable Priority priority,
    @Nullable String parent,
    @Nullable String session,
    @Nullable Instant since,
    @Nullable Instant until,
    @Nullable Instant createdSince,
    @Nullable Instant createdUntil,
    @Nullable Long minDuration,
    @Nullable Long maxDuration,
    boolean attempts,
    int limit,
    @Nullable Cursor cursor) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  /** Everything, newest first, one page. */
  static HistoryQuery all(int limit) {
    return new HistoryQuery(
        null, null, null, null, null, null, null, null, null, null, null, null, false, limit, null);
  }

  HistoryQuery withCursor(@Nullable Cursor c) {
    return new HistoryQuery(
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
        c);
  }

  HistoryQuery withText(@Nullable String t) {
    return new HistoryQuery(
        status,
        t,
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
        cursor);
  }

  HistoryQuery withLimit(int l) {
    return new HistoryQuery(
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
        l,
        cursor);
  }
}
