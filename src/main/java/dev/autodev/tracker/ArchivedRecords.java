package dev.autodev.tracker;

import java.time.Instant;

/** What history queries derive from an archived record, defined once. */
public final class ArchivedRecords {

  /** The audit entry type a retry leaves on the task's trail. */
  public static final String RETRIED = "retried";

  private ArchivedRecords() {}

  /** When the attempt ended: completed_at or failed_at, else the moment it was archived. */
  public static Instant finishedAt(ArchivedTask r) {
    Task t = r.task();
    if (t.completedAt() != null) {
      return t.completedAt();
    }
    if (t.failedAt() != null) {
      return t.failedAt();
    }
    return r.archivedAt();
  }

  /**
   * Whether this record's task had been retried: then older records of the same task exist in
   * history and this one supersedes them (a retry copies the whole trail back, so the newest record
   * always carries every earlier attempt's events).
   */
  public static boolean supersedesEarlier(ArchivedTask r) {
    for (AuditEntry e : r.task().events()) {
      if (RETRIED.equals(e.type())) {
        return true;
      }
    }
    return false;
  }
}
