package dev.autodev.tracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one history segment holds, in a few numbers: enough for a query to skip the segment when no
 * record in it can match. Kept per segment in {@code history/index.json} and in the header of a
 * compressed segment's sidecar. "Finished" is when an attempt ended: completed_at or failed_at.
 *
 * @param records intact records (damaged lines are counted in {@code damaged})
 * @param byStatus records per final status of the attempt ({@code completed}, {@code failed})
 * @param retried the records whose task had been retried: each supersedes the task's older records
 */
public record SegmentSummary(
    long records,
    long damaged,
    long minRevision,
    long maxRevision,
    @Nullable Instant firstCreatedAt,
    @Nullable Instant lastCreatedAt,
    @Nullable Instant firstFinishedAt,
    @Nullable Instant lastFinishedAt,
    long minDurationSeconds,
    long maxDurationSeconds,
    Map<String, Long> byStatus,
    List<Retried> retried) {

  public static final SegmentSummary EMPTY =
      new SegmentSummary(0, 0, 0, 0, null, null, null, null, 0, 0, Map.of(), List.of());

  public SegmentSummary {
    byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
    retried = retried == null ? List.of() : List.copyOf(retried);
  }

  /** A record that supersedes older records of the same task. */
  public record Retried(UUID id, long archivedRevision) {}

  public long count(TaskStatus status) {
    return byStatus.getOrDefault(status.wire(), 0L);
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.merge(this);
    return b;
  }

  /** Accumulates a summary record by record, or merges summaries of consecutive parts. */
  public static final class Builder {
    private long records;
    private long damaged;
    private long minRevision = Long.MAX_VALUE;
    private long maxRevision = Long.MIN_VALUE;
    private long minCreated = Long.MAX_VALUE;
    private long maxCreated = Long.MIN_VALUE;
    private long minFinished = Long.MAX_VALUE;
    private long maxFinished = Long.MIN_VALUE;
    private long minDuration = Long.MAX_VALUE;
    private long maxDuration = Long.MIN_VALUE;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final List<Retried> retried = new ArrayList<>();

    public Builder add(ArchivedTask r) {
      Task t = r.task();
      add(
          r.archivedRevision(),
          t.createdAt().toEpochMilli(),
          ArchivedRecords.finishedAt(r).toEpochMilli(),
          t.durationSeconds(),
          t.status());
      if (ArchivedRecords.supersedesEarlier(r)) {
        retried.add(new Retried(t.id(), r.archivedRevision()));
      }
      return this;
    }

    private void add(long rev, long created, long finished, long duration, TaskStatus status) {
      records++;
      minRevision = Math.min(minRevision, rev);
      maxRevision = Math.max(maxRevision, rev);
      minCreated = Math.min(minCreated, created);
      maxCreated = Math.max(maxCreated, created);
      minFinished = Math.min(minFinished, finished);
      maxFinished = Math.max(maxFinished, finished);
      minDuration = Math.min(minDuration, duration);
      maxDuration = Math.max(maxDuration, duration);
      byStatus.merge(status.wire(), 1L, Long::sum);
    }

    public Builder addDamaged() {
      damaged++;
      return this;
    }

    public Builder merge(SegmentSummary s) {
      damaged += s.damaged();
      if (s.records() == 0) {
        return this;
      }
      records += s.records();
      minRevision = Math.min(minRevision, s.minRevision());
      maxRevision = Math.max(maxRevision, s.maxRevision());
      minCreated = Math.min(minCreated, millis(s.firstCreatedAt(), Long.MAX_VALUE));
      maxCreated = Math.max(maxCreated, millis(s.lastCreatedAt(), Long.MIN_VALUE));
      minFinished = Math.min(minFinished, millis(s.firstFinishedAt(), Long.MAX_VALUE));
      maxFinished = Math.max(maxFinished, millis(s.lastFinishedAt(), Long.MIN_VALUE));
      minDuration = Math.min(minDuration, s.minDurationSeconds());
      maxDuration = Math.max(maxDuration, s.maxDurationSeconds());
      s.byStatus().forEach((k, v) -> byStatus.merge(k, v, Long::sum));
      retried.addAll(s.retried());
      return this;
    }

    private static long millis(@Nullable Instant i, long absent) {
      return i == null ? absent : i.toEpochMilli();
    }

    public SegmentSummary build() {
      if (records == 0) {
        return damaged == 0
            ? EMPTY
            : new SegmentSummary(
                0, damaged, 0, 0, null, null, null, null, 0, 0, Map.of(), List.of());
      }
      return new SegmentSummary(
          records,
          damaged,
          minRevision,
          maxRevision,
          Instant.ofEpochMilli(minCreated),
          Instant.ofEpochMilli(maxCreated),
          Instant.ofEpochMilli(minFinished),
          Instant.ofEpochMilli(maxFinished),
          minDuration,
          maxDuration,
          byStatus,
          retried);
    }
  }
}
