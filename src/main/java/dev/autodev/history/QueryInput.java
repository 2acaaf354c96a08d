package dev.autodev.history;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a user typed (shell options or REST parameters, the same names) into a {@link
 * HistoryQuery}, strictly: a value that cannot be read is an error that names the option and shows
 * the accepted form, never a silently ignored filter.
 */
final class QueryInput {

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,10})s)?");
  private static final int TEXT_MAX = 200;

  private QueryInput() {}

  /** The raw values of a history query, as typed. */
  record Raw(
      @Nullable String status,
      @Nullable String text,
      @Nullable String tag,
      @Nullable String priority,
      @Nullable String parent,
      @Nullable String session,
      @Nullable String since,
      @Nullable String until,
      @Nullable String createdSince,
      @Nullable String createdUntil,
      @Nullable String minDuration,
      @Nullable String maxDuration,
      @Nullable Boolean attempts,
      @Nullable Integer limit,
      @Nullable String cursor) {}

  static HistoryQuery history(Raw raw) {
    TaskStatus status = null;
    if (present(raw.status())) {
      status = TaskStatus.parse(raw.status());
      if (!status.archived()) {
        throw new InvalidInputException(
            "status",
            "history holds completed and failed tasks; for "
                + status
                + " ones use 'task list --status "
                + status
                + "'");
      }
    }
    Instant since = date("since", raw.since());
    Instant until = date("until", raw.until());
    Instant createdSince = date("created-since", raw.createdSince());
    Instant createdUntil = date("created-until", raw.createdUntil());
    ordered("since", since, "until", until);
    ordered("created-since", createdSince, "created-until", createdUntil);
    Long min = duration("min-duration", raw.minDuration());
    Long max = duration("max-duration", raw.maxDuration());
    if (min != null && max != null && min > max) {
      throw new InvalidInputException(
          "min-duration", "--min-duration is longer than --max-duration: nothing can match");
    }
    return new HistoryQuery(
        status,
        text(raw.text()),
        tag(raw.tag()),
        present(raw.priority()) ? Priority.parse(raw.priority()) : null,
        idPrefix("parent", raw.parent()),
        idPrefix("session", raw.session()),
        since,
        until,
        createdSince,
        createdUntil,
        min,
        max,
        Boolean.TRUE.equals(raw.attempts()),
        limit(raw.limit()),
        present(raw.cursor()) ? Cursor.decode(raw.cursor()) : null);
  }

  static int limit(@Nullable Integer limit) {
    if (limit == null) {
      return HistoryQuery.DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "limit must be 1 to " + HistoryQuery.MAX_LIMIT + ", not " + limit);
    }
    return limit;
  }

  static @Nullable String text(@Nullable String text) {
    if (!present(text)) {
      return null;
    }
    String t = text.strip();
    if (t.length() > TEXT_MAX) {
      throw new InvalidInputException(
          "text", "search text is " + t.length() + " characters; the limit is " + TEXT_MAX);
    }
    return t;
  }

  private static @Nullable String tag(@Nullable String tag) {
    if (!present(tag)) {
      return null;
    }
    return TaskInput.tags(java.util.List.of(tag)).get(0);
  }

  private static @Nullable String idPrefix(String field, @Nullable String value) {
    if (!present(value)) {
      return null;
    }
    try {
      return TaskInput.idOrPrefix(value);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          field,
          "--"
              + field
              + " '"
              + value.strip()
              + "' is not an id: give the id or at least its first 4 characters");
    }
  }

  /**
   * A day ({@code 2026-01-31}, meaning its start, UTC) or an instant ({@code
   * 2026-01-31T10:00:00Z}); the calendar is checked strictly (no February 30th).
   */
  static @Nullable Instant date(String field, @Nullable String value) {
    if (!present(value)) {
      return null;
    }
    String v = value.strip();
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field,
          "--"
              + field
              + " '"
              + v
              + "' is not a date: use YYYY-MM-DD (a day, UTC) or an instant such as"
              + " 2026-01-31T10:00:00Z");
    }
  }

  private static void ordered(
      String fromField, @Nullable Instant from, String toField, @Nullable Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInputException(
          fromField, "--" + fromField + " must be before --" + toField + " (which is exclusive)");
    }
  }

  /**
   * Seconds of work: {@code 90}, {@code 90s}, {@code 45m}, {@code 2h}, {@code 1d}, {@code 1h30m},
   * or ISO-8601 such as {@code PT1H30M}.
   */
  static @Nullable Long duration(String field, @Nullable String value) {
    if (!present(value)) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.chars().allMatch(Character::isDigit) && v.length() <= 12) {
        return Long.parseLong(v);
      }
      if (v.startsWith("p")) {
        long s = Duration.parse(v.toUpperCase(Locale.ROOT)).toSeconds();
        if (s >= 0) {
          return s;
        }
      }
      Matcher m = DURATION.matcher(v);
      if (!v.isEmpty() && m.matches()) {
        long seconds = 0;
        long[] unit = {86_400, 3_600, 60, 1};
        for (int g = 1; g <= 4; g++) {
          if (m.group(g) != null) {
            seconds =
                Math.addExact(seconds, Math.multiplyExact(Long.parseLong(m.group(g)), unit[g - 1]));
          }
        }
        return seconds;
      }
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        field,
        "--"
            + field
            + " '"
            + value.strip()
            + "' is not a duration: use seconds (90), or 45m, 2h, 1d, 1h30m, or PT1H30M");
  }

  static boolean present(@Nullable String value) {
    return value != null && !value.isBlank();
  }
}
