package dev.autodev.tracker;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads the timestamps of the store files ({@code 2026-11-23T10:30:00.123Z}) by hand. An archived
 * record carries a dozen of them and the general ISO parser made them most of its reading time;
 * anything not in that exact form still goes through {@link Instant#parse}.
 */
final class FastInstants extends ValueDeserializer<Instant> {

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }
    String text = p.getString();
    Instant fast = parse(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ctxt.weirdStringException(text, Instant.class, "not an ISO-8601 instant");
    }
  }

  /** The instant, or null when the text is not exactly {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}. */
  static @Nullable Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour > 23 || minute > 59 || second > 59) {
      return null; // includes -1 for a non-digit; a leap second goes the slow way
    }
    if (hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      int value = digits(s, 20, fraction);
      if (value < 0) {
        return null;
      }
      for (int i = fraction; i < 9; i++) {
        value *= 10;
      }
      nanos = value;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    } catch (DateTimeException e) {
      return null; // 2026-02-30 and the like: let the strict parser report it
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
