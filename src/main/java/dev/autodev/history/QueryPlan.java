package dev.autodev.history;

import dev.autodev.tracker.ArchivedRecords;
import dev.autodev.tracker.ArchivedTask;
import dev.autodev.tracker.SearchKeys;
import dev.autodev.tracker.SegmentIndex;
import dev.autodev.tracker.SegmentSummary;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskInput;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HistoryQuery} compiled for scanning, with one test per level, cheapest first: may a
 * segment match (index.json summary)? a block (its ranges, status bits and Bloom filter)? a record
 * (its columns in the sidecar, no decompression)? a line (the raw bytes hold the search text)? And
 * finally the record itself, parsed. Each level only rules out; the last one decides.
 */
final class QueryPlan {

  private final HistoryQuery q;
  private final @Nullable String needle;
  private final byte @Nullable [] rawNeedle;
  private final long[] blockKeys;
  private final long since;
  private final long until;
  private final long createdSince;
  private final long createdUntil;
  private final long minDuration;
  private final long maxDuration;

  QueryPlan(HistoryQuery q) {
    this.q = q;
    this.needle = q.text() == null ? null : SearchKeys.fold(q.text());
    this.rawNeedle = needle == null ? null : rawForm(needle);
    long[] keys = needle == null ? new long[0] : SearchKeys.needleKeys(needle);
    int extra = 0;
    long[] more = new long[3];
    if (q.tag() != null) {
      more[extra++] = SearchKeys.tagKey(q.tag());
    }
    UUID parent = q.parent() == null ? null : TaskInput.fullId(q.parent());
    if (parent != null) {
      more[extra++] = SearchKeys.parentKey(parent);
    }
    UUID session = q.session() == null ? null : TaskInput.fullId(q.session());
    if (session != null) {
      more[extra++] = SearchKeys.sessionKey(session);
    }
    this.blockKeys = java.util.Arrays.copyOf(keys, keys.length + extra);
    System.arraycopy(more, 0, blockKeys, keys.length, extra);
    this.since = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
    this.until = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli();
    this.createdSince = q.createdSince() == null ? Long.MIN_VALUE : q.createdSince().toEpochMilli();
    this.createdUntil = q.createdUntil() == null ? Long.MAX_VALUE : q.createdUntil().toEpochMilli();
    this.minDuration = q.minDuration() == null ? Long.MIN_VALUE : q.minDuration();
    this.maxDuration = q.maxDuration() == null ? Long.MAX_VALUE : q.maxDuration();
  }

  /**
   * The needle as it appears, folded, in a stored JSON line, or null when a line cannot be screened
   * by bytes: a non-ASCII needle (its UTF-8 folds differently), or one with characters JSON
   * escapes.
   */
  private static byte @Nullable [] rawForm(String folded) {
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
        return null;
      }
    }
    return folded.getBytes(StandardCharsets.US_ASCII);
  }

  HistoryQuery query() {
    return q;
  }

  /** Whether the query needs the records' text, tags, parent or session (the parsed line). */
  boolean needsLines() {
    return needle != null || q.tag() != null || q.parent() != null || q.session() != null;
  }

  boolean mayMatch(SegmentSummary s) {
    if (s.records() == 0) {
      return false;
    }
    if (q.status() != null && s.count(q.status()) == 0) {
      return false;
    }
    return overlaps(s.firstFinishedAt(), s.lastFinishedAt(), since, until)
        && overlaps(s.firstCreatedAt(), s.lastCreatedAt(), createdSince, createdUntil)
        && s.maxDurationSeconds() >= minDuration
        && s.minDurationSeconds() <= maxDuration;
  }

  private static boolean overlaps(
      java.time.@Nullable Instant first, java.time.@Nullable Instant last, long from, long to) {
    if (first == null || last == null) {
      return false;
    }
    return last.toEpochMilli() >= from && first.toEpochMilli() < to;
  }

  boolean mayMatch(SegmentIndex.Block b) {
    return b.records() > 0
        && (q.status() == null || b.mayHold(q.status()))
        && (q.priority() == null || b.mayHold(q.priority()))
        && b.maxFinishedMillis() >= since
        && b.minFinishedMillis() < until
        && b.maxCreatedMillis() >= createdSince
        && b.minCreatedMillis() < createdUntil
        && b.maxDuration() >= minDuration
        && b.minDuration() <= maxDuration
        && b.mightContainAll(blockKeys);
  }

  /** What the sidecar's columns say about record {@code r}: false rules it out. */
  boolean mayMatch(SegmentIndex idx, int r) {
    if (idx.damaged(r)) {
      return false;
    }
    long fin = idx.finishedMillis(r);
    long cre = idx.createdMillis(r);
    long dur = idx.durationSeconds(r);
    return (q.status() == null || idx.status(r) == q.status())
        && (q.priority() == null || idx.priority(r) == q.priority())
        && fin >= since
        && fin < until
        && cre >= createdSince
        && cre < createdUntil
        && dur >= minDuration
        && dur <= maxDuration;
  }

  /**
   * Whether a block's bytes may hold the search text anywhere: false rules out the whole block
   * before it is split into lines.
   */
  boolean blockMayMatch(byte[] content) {
    return rawNeedle == null || containsFolded(content, rawNeedle);
  }

  /** Whether a stored line may hold the search text (false rules it out without parsing). */
  boolean lineMayMatch(byte[] line) {
    return rawNeedle == null || containsFolded(line, rawNeedle);
  }

  /** The full test, on the parsed record. */
  boolean matches(ArchivedTask r) {
    Task t = r.task();
    long fin = ArchivedRecords.finishedAt(r).toEpochMilli();
    long cre = t.createdAt().toEpochMilli();
    if ((q.status() != null && t.status() != q.status())
        || (q.priority() != null && t.priority() != q.priority())
        || fin < since
        || fin >= until
        || cre < createdSince
        || cre >= createdUntil
        || t.durationSeconds() < minDuration
        || t.durationSeconds() > maxDuration) {
      return false;
    }
    return textMatches(t) && otherMatches(t);
  }

  /** The text, tag, parent and session tests, which also apply to open tasks. */
  boolean textMatches(Task t) {
    return needle == null || SearchKeys.textMatches(t, needle);
  }

  private boolean otherMatches(Task t) {
    if (q.tag() != null) {
      String wanted = q.tag().toLowerCase(Locale.ROOT);
      if (t.tags().stream().noneMatch(tag -> tag.toLowerCase(Locale.ROOT).equals(wanted))) {
        return false;
      }
    }
    if (q.parent() != null
        && (t.parentId() == null || !t.parentId().toString().startsWith(q.parent()))) {
      return false;
    }
    return q.session() == null
        || (t.sessionId() != null && t.sessionId().toString().startsWith(q.session()));
  }

  /**
   * Whether {@code haystack}, with ASCII letters lowercased, contains {@code needle} (already
   * lowercase ASCII). Non-ASCII bytes never equal an ASCII needle byte, which is why folding keeps
   * non-ASCII characters non-ASCII ({@link SearchKeys}).
   */
  static boolean containsFolded(byte[] haystack, byte[] needle) {
    int n = needle.length;
    if (n == 0) {
      return true;
    }
    byte first = needle[0];
    byte firstUpper = upper(first);
    int last = haystack.length - n;
    outer:
    for (int i = 0; i <= last; i++) {
      byte b = haystack[i];
      if (b != first && b != firstUpper) {
        continue;
      }
      for (int j = 1; j < n; j++) {
        byte h = haystack[i + j];
        if (h >= 'A' && h <= 'Z') {
          h = (byte) (h + 32);
        }
        if (h != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte upper(byte b) {
    return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
  }
}
