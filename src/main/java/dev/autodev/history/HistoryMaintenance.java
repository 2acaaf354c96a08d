package dev.autodev.history;

import dev.autodev.store.StoreException;
import dev.autodev.tracker.DomainEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The history's background work: compressing closed segments and writing back a corrected
 * index.json. It runs on its own single thread, under the maintenance lock, never inside the write
 * path and never on a request thread.
 *
 * <p>When it runs depends on the process (setting {@code autodev.history.compaction.*}): a shell or
 * server looks at start, shortly after a task is archived, and every {@code interval}; a one-shot
 * command that archived a task compresses closed segments as it exits, after its output is written
 * (a segment closes rarely, so this is almost always a glance at the folder); queries of any
 * process leave a corrected index.json to be written back. {@code store compact} does it all on
 * demand.
 */
@Component
class HistoryMaintenance implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(HistoryMaintenance.class);
  private static final Duration SOON = Duration.ofSeconds(2);

  private final Compactor compactor;
  private final HistoryIndex index;
  private final MaintenanceLock lock;
  private final HistoryProperties.Compaction policy;
  private final boolean longLived;
  private final boolean oneShot;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean archivedHere = new AtomicBoolean();
  private final AtomicBoolean indexDirty = new AtomicBoolean();
  private final AtomicBoolean compactionQueued = new AtomicBoolean();

  HistoryMaintenance(
      Compactor compactor,
      HistoryIndex index,
      MaintenanceLock lock,
      HistoryProperties properties,
      @Value("${autodev.run-mode:embedded}") String mode) {
    this.compactor = compactor;
    this.index = index;
    this.lock = lock;
    this.policy = properties.compaction();
    this.longLived = mode.equals("shell") || mode.equals("serve") || mode.equals("embedded");
    this.oneShot = mode.equals("one-shot");
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(1, HistoryConfiguration.daemonThreads("history-maint-"));
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  /**
   * Started, not ready: the interactive shell's runner holds the terminal until the session ends,
   * and Spring declares the application ready only after the runners return.
   */
  @EventListener
  void on(ApplicationStartedEvent started) {
    if (longLived && policy.auto()) {
      long every = policy.interval().toMillis();
      // Exceptions are caught inside compactQuietly, so the future has nothing to report.
      var unused =
          executor.scheduleWithFixedDelay(
              this::compactQuietly, SOON.toMillis() * 5, every, TimeUnit.MILLISECONDS);
    }
  }

  @EventListener
  void on(DomainEvent.TaskCompleted completed) {
    archived();
  }

  @EventListener
  void on(DomainEvent.TaskFailed failed) {
    archived();
  }

  private void archived() {
    archivedHere.set(true);
    if (longLived && policy.auto() && compactionQueued.compareAndSet(false, true)) {
      var unused =
          executor.schedule(
              () -> {
                compactionQueued.set(false);
                compactQuietly();
              },
              SOON.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  /** A query found index.json out of date: write it back off the request thread. */
  void indexChanged() {
    if (indexDirty.compareAndSet(false, true) && longLived) {
      executor.execute(this::writeIndexQuietly);
    }
  }

  /** {@code store compact}: waits for the maintenance lock, compacts, rewrites the index. */
  Compactor.Report compactNow() {
    return lock.call(
        () -> {
          Compactor.Report report = compactor.compactClosed();
          indexDirty.set(false);
          index.refresh();
          return report;
        });
  }

  /** Checks index.json against the segments and rewrites it if it is wrong; waits for the lock. */
  boolean rebuildIndexNow() {
    return lock.call(
        () -> {
          indexDirty.set(false);
          return index.write(index.rebuild());
        });
  }

  private void compactQuietly() {
    try {
      lock.tryCall(
          () -> {
            Compactor.Report report = compactor.compactClosed();
            if (!report.nothingDone()) {
              log.info(
                  "Compacted history: {} compressed, {}", report.compressed(), report.cleaned());
              indexDirty.set(false);
              index.refresh();
            }
            return report;
          });
    } catch (StoreException | IllegalStateException e) {
      // Background work must not die or disturb anyone: it tries again next time.
      log.warn("History compaction did not finish: {}", e.getMessage());
    }
  }

  private void writeIndexQuietly() {
    try {
      lock.tryCall(
          () -> {
            indexDirty.set(false);
            return index.refresh();
          });
    } catch (StoreException | IllegalStateException e) {
      log.warn("Could not write history/index.json: {}", e.getMessage());
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
    if (oneShot) {
      if (policy.auto() && policy.oneShot() && archivedHere.get()) {
        compactQuietly();
      }
      if (indexDirty.get()) {
        writeIndexQuietly();
      }
    }
  }
}
