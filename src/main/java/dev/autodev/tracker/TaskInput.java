package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The limits on everything a user can type, checked before any state is touched, with a message
 * that names the field and says why.
 */
public final class TaskInput {

  public static final int NAME_MAX = 200;
  public static final int TEXT_MAX = 10_000;
  public static final int ENTRY_MAX = 2_000;
  public static final int TAGS_MAX = 20;
  public static final int TAG_MAX = 40;

  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}._:/+-]+");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
  private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-fA-F-]{4,36}");

  private TaskInput() {}

  /** A task name: trimmed, not blank, at most 200 characters, one line. */
  public static String name(@Nullable String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException("name", "name must not be empty");
    }
    if (v.length() > NAME_MAX) {
      throw new InvalidInputException(
          "name", "name is " + v.length() + " characters; the limit is " + NAME_MAX);
    }
    if (v.indexOf('\n') >= 0 || CONTROL.matcher(v).find()) {
      throw new InvalidInputException("name", "name must be one line without control characters");
    }
    return v;
  }

  /** Free text (a description): optional, at most 10,000 characters. */
  public static @Nullable String text(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return bounded(field, value.strip(), TEXT_MAX);
  }

  /** A required entry (a reason, a decision, a note, a file): one value, at most 2,000 chars. */
  public static String entry(String field, @Nullable String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException(field, field + " must not be empty");
    }
    return bounded(field, v, ENTRY_MAX);
  }

  private static String bounded(String field, String v, int max) {
    if (v.length() > max) {
      throw new InvalidInputException(
          field, field + " is " + v.length() + " characters; the limit is " + max);
    }
    if (CONTROL.matcher(v).find()) {
      throw new InvalidInputException(field, field + " must not contain control characters");
    }
    return v;
  }

  /** Tags: each a word of letters, digits and {@code ._:/+-}; no duplicates; at most 20. */
  public static List<String> tags(List<String> values) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    for (String raw : values) {
      String t = raw == null ? "" : raw.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.length() > TAG_MAX || !TAG.matcher(t).matches()) {
        throw new InvalidInputException(
            "tag",
            "tag '"
                + abbreviate(t)
                + "' must be at most "
                + TAG_MAX
                + " letters, digits or . _ : / + -");
      }
      tags.add(t);
    }
    if (tags.size() > TAGS_MAX) {
      throw new InvalidInputException("tag", "at most " + TAGS_MAX + " tags per task");
    }
    return new ArrayList<>(tags);
  }

  /**
   * A task id as typed: a full UUID or a prefix of at least 4 hex characters. Checked before it is
   * used anywhere, so nothing else ever sees raw input.
   */
  public static String idOrPrefix(@Nullable String value) {
    String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.isEmpty()) {
      throw new InvalidInputException("id", "a task id is required");
    }
    if (!HEX_PREFIX.matcher(v).matches()) {
      throw new InvalidInputException(
          "id",
          "'"
              + abbreviate(v)
              + "' is not a task id: give the id or at least its first 4 characters");
    }
    return v;
  }

  /** A full UUID, or null when the value is only a prefix. */
  public static @Nullable UUID fullId(String idOrPrefix) {
    if (idOrPrefix.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(idOrPrefix);
      return id.toString().equals(idOrPrefix) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String abbreviate(String v) {
    String clean = CONTROL.matcher(v).replaceAll("?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
