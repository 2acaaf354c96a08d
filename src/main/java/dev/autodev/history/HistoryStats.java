package dev.autodev.history;

import dev.autodev.tracker.TaskStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code task stats}, accumulated record by record in archive order with bounded memory.
 *
 * <p>What is counted: {@code finished} counts tasks by their final outcome (a failed attempt that
 * was retried is not a failed task: the task is open again or finished later); {@code attempts}
 * counts every archived record, so {@code attempts.failed - finished.failed} failures were retried.
 * The completion rate is completed / (completed + failed) over final outcomes. Weeks are ISO weeks
 * (Monday, UTC) of when the task finished; the median duration is over the tasks completed that
 * week. Records arrive in archive order, so each week is closed, its median computed and its
 * durations dropped once a record two weeks later arrives; memory is one or two weeks of durations.
 * (Only a clock set back by more than a week could deliver a record to a closed week: it is then
 * counted, but not in that week's median.)
 */
final class HistoryStats {

  /** Completed and failed counts. */
  record Counts(long completed, long failed) {}

  /** One ISO week. */
  record Week(
      String week,
      LocalDate startsOn,
      long completed,
      long failed,
      @Nullable Long medianDurationSeconds) {}

  /** The whole answer, the same from {@code task stats --json} and GET /api/stats. */
  record Report(
      @Nullable Instant since,
      @Nullable Instant until,
      Map<String, Long> open,
      Counts finished,
      Counts attempts,
      @Nullable Double completionRate,
      List<Week> weeks) {}

  private static final long DAY_MS = 86_400_000L;

  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final int keepWeeks;
  private final Map<String, Long> open = new TreeMap<>();
  private long completed;
  private long failed;
  private long attemptsCompleted;
  private long attemptsFailed;
  private final TreeMap<Long, Bucket> pending = new TreeMap<>();
  private final Deque<Week> closed = new ArrayDeque<>();
  private long closedBefore = Long.MIN_VALUE; // weeks starting before this day are closed

  /**
   * @param keepWeeks how many of the latest weeks to report (0: all)
   */
  HistoryStats(@Nullable Instant since, @Nullable Instant until, int keepWeeks) {
    this.since = since;
    this.until = until;
    this.keepWeeks = keepWeeks;
  }

  void open(TaskStatus status) {
    open.merge(status.wire(), 1L, Long::sum);
  }

  /** One archived record: its status, when it finished, its duration, and whether superseded. */
  void add(TaskStatus status, long finishedMillis, long durationSeconds, boolean superseded) {
    boolean done = status == TaskStatus.COMPLETED;
    if (done) {
      attemptsCompleted++;
    } else {
      attemptsFailed++;
    }
    if (superseded) {
      return;
    }
    if (done) {
      completed++;
    } else {
      failed++;
    }
    long weekStart = weekStart(Math.floorDiv(finishedMillis, DAY_MS));
    if (weekStart < closedBefore) {
      late(weekStart, done);
      return;
    }
    Bucket b = pending.computeIfAbsent(weekStart, k -> new Bucket());
    if (done) {
      b.completed(durationSeconds);
    } else {
      b.failed++;
    }
    // A week closes once a record from two weeks later shows up.
    while (!pending.isEmpty() && pending.firstKey() < weekStart - 7) {
      close(pending.pollFirstEntry());
    }
  }

  private void late(long weekStart, boolean done) {
    List<Week> weeks = new ArrayList<>(closed);
    for (int i = 0; i < weeks.size(); i++) {
      Week w = weeks.get(i);
      if (w.startsOn().toEpochDay() == weekStart) {
        weeks.set(
            i,
            new Week(
                w.week(),
                w.startsOn(),
                w.completed() + (done ? 1 : 0),
                w.failed() + (done ? 0 : 1),
                w.medianDurationSeconds()));
        closed.clear();
        closed.addAll(weeks);
        return;
      }
    }
  }

  private void close(Map.Entry<Long, Bucket> entry) {
    LocalDate start = LocalDate.ofEpochDay(entry.getKey());
    Bucket b = entry.getValue();
    closed.addLast(
        new Week(
            start.get(IsoFields.WEEK_BASED_YEAR)
                + "-W"
                + String.format("%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
            start,
            b.completed,
            b.failed,
            b.median()));
    closedBefore = entry.getKey() + 7;
    if (keepWeeks > 0 && closed.size() > keepWeeks) {
      closed.removeFirst();
    }
  }

  /** The Monday of the week holding an epoch day (1970-01-01 was a Thursday). */
  static long weekStart(long epochDay) {
    return Math.floorDiv(epochDay + 3, 7) * 7 - 3;
  }

  Report report() {
    while (!pending.isEmpty()) {
      close(pending.pollFirstEntry());
    }
    Double rate = completed + failed == 0 ? null : (double) completed / (completed + failed);
    return new Report(
        since,
        until,
        Map.copyOf(open),
        new Counts(completed, failed),
        new Counts(attemptsCompleted, attemptsFailed),
        rate,
        List.copyOf(closed));
  }

  /** One open week: counts and the durations of its completed tasks. */
  private static final class Bucket {
    long completed;
    long failed;
    long[] durations = new long[64];

    void completed(long duration) {
      if (completed == durations.length) {
        durations = Arrays.copyOf(durations, durations.length * 2);
      }
      durations[(int) completed++] = duration;
    }

    @Nullable Long median() {
      if (completed == 0) {
        return null;
      }
      long[] sorted = Arrays.copyOf(durations, (int) completed);
      Arrays.sort(sorted);
      int mid = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
  }
}
