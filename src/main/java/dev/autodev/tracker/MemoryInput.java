package dev.autodev.tracker;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The limits on everything a user can put into the memory, checked before any state is touched. The
 * memory is rewritten whole into memory.json and mirrored into current.json on every change, so its
 * size is bounded here: a few hundred entries of at most 2,000 characters each.
 */
public final class MemoryInput {

  /** Longest fact key. */
  public static final int KEY_MAX = 100;

  /** Longest project type. */
  public static final int PROJECT_TYPE_MAX = 100;

  /** Longest search text. */
  public static final int QUERY_MAX = 200;

  /** How many facts the memory holds at most. */
  public static final int FACTS_MAX = 200;

  /** How many key decisions, and separately how many learned patterns, the memory holds at most. */
  public static final int ENTRIES_MAX = 500;

  private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:+-]*");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f-]{4,36}");

  private MemoryInput() {}

  /**
   * A fact key: a word of letters, digits and {@code . _ : + -} starting with a letter or digit, at
   * most 100 characters (it appears in URLs and on command lines, so no spaces or slashes).
   */
  public static String key(@Nullable String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException("key", "a fact key is required");
    }
    if (v.length() > KEY_MAX || !KEY.matcher(v).matches()) {
      throw new InvalidInputException(
          "key",
          "fact key '"
              + abbreviate(v)
              + "' must be at most "
              + KEY_MAX
              + " letters, digits or . _ : + - (starting with a letter or digit)");
    }
    return v;
  }

  /** A fact value: not empty, at most 2,000 characters. */
  public static String value(@Nullable String value) {
    return TaskInput.entry("value", value);
  }

  /** A decision or pattern text: not empty, at most 2,000 characters. */
  public static String text(@Nullable String value) {
    return TaskInput.entry("text", value);
  }

  /** A project type such as {@code cli_tool}: one line, at most 100 characters. */
  public static String projectType(@Nullable String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException("project_type", "project type must not be empty");
    }
    if (v.length() > PROJECT_TYPE_MAX) {
      throw new InvalidInputException(
          "project_type",
          "project type is " + v.length() + " characters; the limit is " + PROJECT_TYPE_MAX);
    }
    if (CONTROL.matcher(v).find()) {
      throw new InvalidInputException(
          "project_type", "project type must be one line without control characters");
    }
    return v;
  }

  /** A search text: not empty, at most 200 characters. */
  public static String query(@Nullable String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException("query", "give the text to search for");
    }
    if (v.length() > QUERY_MAX) {
      throw new InvalidInputException(
          "query", "search text is " + v.length() + " characters; the limit is " + QUERY_MAX);
    }
    return v;
  }

  /** A memory entry id as typed: a full UUID or a prefix of at least 4 hex characters. */
  public static String entryIdOrPrefix(@Nullable String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      throw new InvalidInputException("id", "a memory entry id is required");
    }
    if (!HEX_PREFIX.matcher(v).matches()) {
      throw new InvalidInputException(
          "id",
          "'"
              + abbreviate(v)
              + "' is not a memory entry id: give the id or at least its first 4 characters");
    }
    return v;
  }

  private static String abbreviate(String v) {
    String clean = CONTROL.matcher(v).replaceAll("?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
