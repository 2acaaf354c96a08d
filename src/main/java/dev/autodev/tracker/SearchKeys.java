package dev.autodev.tracker;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * How text is folded for case-insensitive search and which keys describe a block of records in its
 * Bloom filter. The compressor and every query use these same functions, so a filter built today
 * answers tomorrow's query.
 *
 * <p>Folding lowercases ASCII letters, and non-ASCII characters whose lowercase form is also
 * non-ASCII; a non-ASCII character never folds to ASCII (the Kelvin sign stays itself). That keeps
 * one rule true that the search relies on: an ASCII needle found in folded text is found, byte for
 * byte, in the folded UTF-8 of the stored JSON line, so a line can be rejected without parsing it.
 */
public final class SearchKeys {

  private static final char TAG = '\u0001';
  private static final char PARENT = '\u0002';
  private static final char SESSION = '\u0003';

  private SearchKeys() {}

  /** The case-insensitive form of {@code s}. */
  public static String fold(String s) {
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = fold(c);
      if (f != c) {
        if (out == null) {
          out = s.toCharArray();
        }
        out[i] = f;
      }
    }
    return out == null ? s : new String(out);
  }

  /** The case-insensitive form of one character. */
  public static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    char lower = Character.toLowerCase(c);
    return lower < 0x80 ? c : lower;
  }

  /** Whether the searchable text of a task (name, description, decisions, notes) holds needle. */
  public static boolean textMatches(Task t, String foldedNeedle) {
    if (contains(t.name(), foldedNeedle)
        || (t.description() != null && contains(t.description(), foldedNeedle))) {
      return true;
    }
    return anyContains(t.context().decisions(), foldedNeedle)
        || anyContains(t.context().notes(), foldedNeedle);
  }

  private static boolean anyContains(List<String> values, String foldedNeedle) {
    for (String v : values) {
      if (contains(v, foldedNeedle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(String text, String foldedNeedle) {
    return fold(text).contains(foldedNeedle);
  }

  /** Feeds the Bloom keys of a task: text trigrams, tags, parent and session. */
  public static void keysOf(Task t, LongConsumer keys) {
    trigrams(t.name(), keys);
    if (t.description() != null) {
      trigrams(t.description(), keys);
    }
    for (String d : t.context().decisions()) {
      trigrams(d, keys);
    }
    for (String n : t.context().notes()) {
      trigrams(n, keys);
    }
    for (String tag : t.tags()) {
      keys.accept(tagKey(tag));
    }
    if (t.parentId() != null) {
      keys.accept(parentKey(t.parentId()));
    }
    if (t.sessionId() != null) {
      keys.accept(sessionKey(t.sessionId()));
    }
  }

  /**
   * The trigram keys of one field (folded here). Trigrams never span two fields, because a needle
   * matches within one field.
   */
  public static void trigrams(String text, LongConsumer keys) {
    if (text.length() < 3) {
      return;
    }
    char a = fold(text.charAt(0));
    char b = fold(text.charAt(1));
    for (int i = 2; i < text.length(); i++) {
      char c = fold(text.charAt(i));
      keys.accept(trigram(a, b, c));
      a = b;
      b = c;
    }
  }

  /**
   * The trigram keys every block holding {@code foldedNeedle} must contain; empty when the needle
   * is shorter than three characters (then no block can be skipped by text).
   */
  public static long[] needleKeys(String foldedNeedle) {
    if (foldedNeedle.length() < 3) {
      return new long[0];
    }
    long[] keys = new long[foldedNeedle.length() - 2];
    for (int i = 0; i < keys.length; i++) {
      keys[i] =
          trigram(foldedNeedle.charAt(i), foldedNeedle.charAt(i + 1), foldedNeedle.charAt(i + 2));
    }
    return keys;
  }

  public static long tagKey(String tag) {
    return stringKey(TAG, tag.toLowerCase(Locale.ROOT));
  }

  public static long parentKey(UUID id) {
    return idKey(PARENT, id);
  }

  public static long sessionKey(UUID id) {
    return idKey(SESSION, id);
  }

  private static long trigram(char a, char b, char c) {
    return mix(((long) a << 32) | ((long) b << 16) | c);
  }

  private static long idKey(char kind, UUID id) {
    return mix(id.getMostSignificantBits() * 31 + id.getLeastSignificantBits() + kind);
  }

  private static long stringKey(char kind, String value) {
    long h = 0xcbf29ce484222325L ^ kind;
    for (int i = 0; i < value.length(); i++) {
      h ^= value.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h | (1L << 63)); // never equal to a trigram of the same mixed value by construction
  }

  /** MurmurHash3's 64-bit finaliser: spreads every input bit over the whole key. */
  static long mix(long v) {
    long h = v;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
