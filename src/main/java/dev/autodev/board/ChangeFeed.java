package dev.autodev.board;

import dev.autodev.store.FileStamp;
import dev.autodev.tracker.CommittedChanges;
import dev.autodev.tracker.JournalEntry;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one publisher behind {@code /api/events}: it notices every committed change, whichever
 * process made it, reads it from the journal once, and fans it out to every open stream.
 *
 * <p>Threads: one feed thread waits for the file system to report a change to journal.jsonl
 * (inotify on Linux), or for {@code poll-interval} to pass where no notification comes, compares
 * the journal's stamp and, if it moved, reads the new committed entries ({@link CommittedChanges},
 * under the store lock) and queues one message per change to each subscriber. A small fixed pool of
 * sender threads writes the queues out. No thread is tied to a subscriber, and no work is done
 * while nobody listens.
 *
 * <p>Each subscriber's queue is bounded ({@code buffer}); a subscriber that falls that far behind
 * is disconnected — its browser reconnects with {@code Last-Event-ID} and resumes from the journal,
 * so nothing is lost — and one that went away is found by the next write (at the latest the next
 * heartbeat) and forgotten. A new subscriber with a {@code Last-Event-ID} first gets the changes it
 * missed, read from the journal (rotated segments included), then {@code ready}, then live changes;
 * the replay and the live changes are ordered by the same monitor, so there is neither gap nor
 * duplicate.
 */
final class ChangeFeed implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  /** Thread names start with this, so a test (and a thread dump) can tell them apart. */
  static final String THREAD_PREFIX = "autodev-events-";

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private static final int SENDERS = 4;
  private static final int CHUNK = 500;

  private final CommittedChanges changes;
  private final EventsProperties properties;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();

  /** This feed's threads' names start with this (several contexts may share one JVM in tests). */
  private final String threadPrefix = THREAD_PREFIX + INSTANCES.incrementAndGet() + "-";

  /** Orders the fan-out: catching up with the journal and joining a subscriber never interleave. */
  private final Object order = new Object();

  /** The revision every subscriber has been given (queued); -1 while nobody listens. */
  private long published = -1;

  private volatile boolean running;
  private @Nullable Thread feedThread;
  private @Nullable ExecutorService senders;
  private volatile @Nullable WatchService watcher;

  ChangeFeed(CommittedChanges changes, EventsProperties properties) {
    this.changes = changes;
    this.properties = properties;
  }

  /** Refused because {@code autodev.events.max-subscribers} streams are open. */
  static final class TooManySubscribersException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManySubscribersException(int max) {
      super(
          max
              + " event streams are open, the most autodev.events.max-subscribers allows; close one"
              + " or raise the limit");
    }
  }

  // ---------------------------------------------------------------- subscribers

  /**
   * Opens a stream into {@code sink}: the changes after {@code lastEventId} (when given), then
   * {@code ready}, then every change as it is committed.
   */
  Subscriber subscribe(EventSink sink, @Nullable Long lastEventId) {
    if (!running) {
      throw new IllegalStateException("the event stream is shutting down");
    }
    if (opened.incrementAndGet() > properties.maxSubscribers()) {
      opened.decrementAndGet();
      throw new TooManySubscribersException(properties.maxSubscribers());
    }
    Subscriber subscriber =
        new Subscriber(sink, properties.buffer() + properties.replayLimit() + 2);
    sink.onGone(
        () -> {
          if (subscriber.markEnded()) {
            ended.incrementAndGet();
          }
          remove(subscriber);
        });
    try {
      synchronized (order) {
        catchUp();
        for (StreamMessage m : opening(lastEventId)) {
          subscriber.offer(m); // the queue holds a whole replay plus ready
        }
        subscribers.add(subscriber);
      }
    } catch (RuntimeException e) {
      remove(subscriber);
      throw e;
    }
    schedule(subscriber);
    return subscriber;
  }

  /** What a new subscriber gets before live changes: a replay or a reset, then ready. */
  private List<StreamMessage> opening(@Nullable Long lastEventId) {
    List<StreamMessage> messages = new ArrayList<>();
    long now = published;
    if (lastEventId != null && lastEventId != now) {
      long behind = now - lastEventId;
      if (lastEventId > now) {
        messages.add(
            StreamMessage.reset(
                now,
                "revision "
                    + lastEventId
                    + " is newer than this store's newest, "
                    + now
                    + ": the data folder was restored or is another one; reload"));
      } else if (behind > properties.replayLimit()) {
        messages.add(
            StreamMessage.reset(
                now,
                behind
                    + " changes were made since revision "
                    + lastEventId
                    + ", more than autodev.events.replay-limit ("
                    + properties.replayLimit()
                    + ") replays; reload"));
      } else {
        CommittedChanges.Batch batch = changes.after(lastEventId, (int) behind);
        if (!batch.continuous() || batch.entries().size() != behind) {
          messages.add(
              StreamMessage.reset(
                  now,
                  "the changes after revision "
                      + lastEventId
                      + " cannot be read in order; reload"));
        } else {
          for (JournalEntry e : batch.entries()) {
            messages.add(StreamMessage.change(e));
          }
        }
      }
    }
    messages.add(StreamMessage.ready(now));
    return messages;
  }

  /** Forgets a subscriber and ends its stream (on a sender thread: a send may be in progress). */
  void remove(Subscriber subscriber) {
    if (subscriber.markClosed()) {
      subscribers.remove(subscriber);
      opened.decrementAndGet();
      schedule(subscriber);
    }
  }

  /** Open streams. */
  int subscriberCount() {
    return subscribers.size();
  }

  /** How the names of this feed's threads start. */
  String threadPrefix() {
    return threadPrefix;
  }

  /** Streams whose response has ended, from either side, since the start. */
  int endedCount() {
    return ended.get();
  }

  // ---------------------------------------------------------------- fan-out

  /** Brings {@link #published} up to the journal's newest revision, queueing each change. */
  private void catchUp() {
    if (published < 0) {
      published = changes.latest(); // the first subscriber: start from now
      return;
    }
    while (true) {
      CommittedChanges.Batch batch = changes.after(published, CHUNK);
      if (!batch.continuous()) {
        String reason =
            batch.latest() < published
                ? "the store's newest revision is "
                    + batch.latest()
                    + ", older than "
                    + published
                    + ": the data folder was restored or replaced; reload"
                : "the changes after revision " + published + " cannot be read in order; reload";
        log.info("Event stream reset at revision {}: {}", batch.latest(), reason);
        broadcast(StreamMessage.reset(batch.latest(), reason));
        published = batch.latest();
        return;
      }
      for (JournalEntry entry : batch.entries()) {
        broadcast(StreamMessage.change(entry));
        published = entry.rev();
      }
      if (batch.entries().size() < CHUNK) {
        return;
      }
    }
  }

  private void broadcast(StreamMessage message) {
    for (Subscriber s : subscribers) {
      if (s.offer(message)) {
        schedule(s);
      } else if (!s.isClosed()) {
        log.debug("Dropping an event subscriber more than {} messages behind", properties.buffer());
        remove(s);
      }
    }
  }

  private void schedule(Subscriber subscriber) {
    ExecutorService pool = senders;
    if (pool != null && subscriber.scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(() -> drain(subscriber));
      } catch (RejectedExecutionException e) {
        subscriber.scheduled.set(false); // shutting down: stop() ends every sink itself
      }
    }
  }

  /** Writes a subscriber's queue out, in order; ends the sink once it was removed. */
  private void drain(Subscriber subscriber) {
    while (true) {
      if (subscriber.isClosed()) {
        subscriber.closeSink();
        return;
      }
      StreamMessage message = subscriber.poll();
      if (message == null) {
        subscriber.scheduled.set(false);
        // A message (or a removal) that arrived after the poll must not be stranded.
        if ((subscriber.hasQueued() || subscriber.isClosed())
            && subscriber.scheduled.compareAndSet(false, true)) {
          continue;
        }
        return;
      }
      try {
        subscriber.sink().send(message);
      } catch (IOException | RuntimeException e) {
        // The client went away (or the container ended the request): forget it. The container
        // completes the response itself after a failed write.
        log.debug("Event subscriber gone: {}", e.toString());
        remove(subscriber);
      }
    }
  }

  // ---------------------------------------------------------------- the feed thread

  private void run() {
    Path journal = changes.journalFile();
    FileStamp seen = FileStamp.ABSENT;
    long nextHeartbeat = System.nanoTime() + properties.heartbeat().toNanos();
    boolean warned = false;
    while (running) {
      waitForChange(journal.getParent(), nextHeartbeat);
      if (!running) {
        return;
      }
      try {
        FileStamp now = FileStamp.of(journal);
        if (subscribers.isEmpty()) {
          synchronized (order) {
            if (subscribers.isEmpty()) {
              published = -1; // nobody listens: read nothing; the next subscriber starts anew
            }
          }
          seen = now;
        } else if (!now.equals(seen)) {
          synchronized (order) {
            catchUp();
          }
          seen = now;
        }
        warned = false;
      } catch (RuntimeException e) {
        // The store lock was busy past its timeout, or the disk failed: try again at the next
        // tick (the stamp stays unseen), and say so once, not every tick.
        if (!warned) {
          log.warn("The event stream could not read the journal: {}", e.getMessage());
          warned = true;
        }
      }
      if (System.nanoTime() - nextHeartbeat >= 0) {
        broadcast(StreamMessage.HEARTBEAT);
        nextHeartbeat = System.nanoTime() + properties.heartbeat().toNanos();
      }
    }
  }

  /**
   * Blocks until the file system reports a change to the tasks folder, the poll interval passes, or
   * a heartbeat is due. Without a working watch service it just waits for the poll interval.
   */
  private void waitForChange(Path folder, long nextHeartbeat) {
    long waitNanos =
        Math.max(
            0, Math.min(properties.pollInterval().toNanos(), nextHeartbeat - System.nanoTime()));
    try {
      WatchService service = watcher(folder);
      if (service == null) {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
        return;
      }
      WatchKey key = service.poll(waitNanos, TimeUnit.NANOSECONDS);
      while (key != null) {
        List<WatchEvent<?>> events = key.pollEvents(); // drained: one read serves them all
        if (!key.reset()) {
          closeWatcher(); // the folder went away; register again next time
        }
        log.trace("Tasks folder changed: {} event(s)", events.size());
        key = service.poll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (ClosedWatchServiceException e) {
      // stop() closed it to wake us
    }
  }

  private @Nullable WatchService watcher(Path folder) {
    WatchService service = watcher;
    if (service != null) {
      return service;
    }
    try {
      service = FileSystems.getDefault().newWatchService();
      folder.register(
          service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      watcher = service;
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      // No notifications here (the folder is missing, or the file system cannot watch): the
      // poll interval alone finds changes.
      if (service != null) {
        try {
          service.close();
        } catch (IOException ignored) {
          // nothing more to release
        }
      }
      return null;
    }
  }

  private void closeWatcher() {
    WatchService service = watcher;
    watcher = null;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        // closing a watch service only releases its inotify descriptor
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, threadPrefix + "send-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            SENDERS, SENDERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true); // an idle server keeps no sender threads
    senders = pool;
    running = true;
    Thread t = new Thread(this::run, threadPrefix + "feed");
    t.setDaemon(true);
    feedThread = t;
    t.start();
  }

  /** Ends every stream first, so a graceful web server shutdown does not wait for them. */
  @Override
  public void stop() {
    running = false;
    closeWatcher();
    Thread t = feedThread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Subscriber s : subscribers) {
      remove(s);
    }
    ExecutorService pool = senders;
    if (pool != null) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
          pool.shutdownNow(); // a send stuck on a dead connection
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
