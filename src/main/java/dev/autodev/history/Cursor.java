package dev.autodev.history;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Segment;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the next page starts: after a given record. Opaque to users ({@code next_cursor}), stable
 * while history grows and when segments are compressed.
 *
 * <p>An archived record's position is its segment (month and part) and its ordinal in it (line
 * number): appends only add records after every existing one and compaction keeps every line in
 * place, so "older than this position" names the same set of records forever, and paging never
 * repeats or skips one, even while tasks are archived between pages. A {@code task search} page
 * that ended among open tasks continues after the last open task shown (by last update, then id).
 */
sealed interface Cursor {

  /** After the record at {@code ordinal} of the segment {@code month}, {@code part}. */
  record Archived(YearMonth month, int part, int ordinal) implements Cursor {

    static Archived at(Segment s, int ordinal) {
      return new Archived(s.month(), s.part(), ordinal);
    }

    /** Negative when {@code s} is older than the cursor's segment, 0 when it is the same. */
    int compareSegment(Segment s) {
      int c = s.month().compareTo(month);
      return c != 0 ? c : Integer.compare(s.part(), part);
    }

    @Override
    public String encode() {
      return token("h:" + month + ":" + part + ":" + ordinal);
    }
  }

  /** After the open task last updated at {@code updatedMillis} with this id. */
  record Open(long updatedMillis, UUID id) implements Cursor {
    @Override
    public String encode() {
      return token("o:" + updatedMillis + ":" + id);
    }
  }

  String encode();

  private static String token(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor a previous page returned; anything else is a clear input error. */
  static Cursor decode(String token) {
    return parse(token)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "cursor",
                    "'"
                        + (token.length() > 40 ? token.substring(0, 40) + "…" : token)
                        + "' is not a cursor; pass the next_cursor of the previous page"));
  }

  private static Optional<Cursor> parse(String token) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String[] parts = raw.split(":", -1);
    try {
      if (parts.length == 4 && parts[0].equals("h")) {
        int part = Integer.parseInt(parts[2]);
        int ordinal = Integer.parseInt(parts[3]);
        if (part < 0 || ordinal < 0) {
          return Optional.empty();
        }
        return Optional.of(new Archived(YearMonth.parse(parts[1]), part, ordinal));
      }
      if (parts.length == 3 && parts[0].equals("o")) {
        return Optional.of(new Open(Long.parseLong(parts[1]), UUID.fromString(parts[2])));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
