package dev.autodev.tracker;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreHealth;
import dev.autodev.store.StoreLock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes every change durable, synchronously, in the thread that made it and under its lock: append
 * the journal entry and fsync it (the commit point), append archived tasks to history and ended
 * sessions to history/sessions.jsonl, then replace memory.json and current.json atomically. If any
 * step fails, everything written for this change is rolled back, the store's health turns DOWN, and
 * the error reaches the caller, who was not yet told the change happened.
 */
@Component
class AutoSaveListener {

  private final JournalRepository journal;
  private final HistoryArchive history;
  private final SnapshotRepository snapshots;
  private final SessionLog sessions;
  private final StoreHealth health;
  private final StoreLock lock;
  private final Clock clock;

  AutoSaveListener(
      JournalRepository journal,
      HistoryArchive history,
      SnapshotRepository snapshots,
      SessionLog sessions,
      StoreHealth health,
      StoreLock lock,
      Clock clock) {
    this.journal = journal;
    this.history = history;
    this.snapshots = snapshots;
    this.sessions = sessions;
    this.health = health;
    this.lock = lock;
    this.clock = clock;
  }

  @EventListener
  void on(PendingChange change) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("a change must be saved under the store lock");
    }
    List<ArchivedTask> archived = new ArrayList<>();
    for (Task t : change.archived()) {
      archived.add(
          new ArchivedTask(ArchivedTask.SCHEMA_VERSION, change.revision(), change.at(), t));
    }
    long start = System.nanoTime();
    long journalMark = journal.size();
    Map<Path, Long> historyMarks = history.marksFor(archived);
    List<SessionRecord> ended = SessionRecord.of(change.events(), change.revision());
    long sessionsMark = ended.isEmpty() ? -1 : sessions.size();
    try {
      journal.append(JournalEntry.of(change));
      if (!archived.isEmpty()) {
        history.append(archived);
      }
      if (!ended.isEmpty()) {
        sessions.append(ended);
      }
      boolean memoryChanged =
          change.rewriteMemory() || !change.before().memory().equals(change.after().memory());
      snapshots.write(change.after(), memoryChanged);
      health.recordSuccess(clock.instant(), System.nanoTime() - start);
      change.receipt().confirm();
    } catch (RuntimeException e) {
      StoreException failure =
          e instanceof StoreException se
              ? se
              : new StoreException(
                  StoreErrorCode.IO_ERROR, journal.path(), "save failed: " + e.getMessage(), e);
      try {
        history.rollback(historyMarks);
        if (sessionsMark >= 0) {
          sessions.rollback(sessionsMark);
        }
        journal.truncate(journalMark);
      } catch (RuntimeException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
      health.recordFailure(clock.instant(), String.valueOf(failure.getMessage()));
      throw failure;
    }
  }
}
