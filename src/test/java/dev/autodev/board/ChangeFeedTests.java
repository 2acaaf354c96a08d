package dev.autodev.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.StoreLock;
import dev.autodev.support.Await;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.CommittedChanges;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.TaskTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed's fan-out on a real store with sinks that behave like slow, dead and healthy clients: a
 * slow subscriber is cut off when its buffer is full while the others get everything; a dead one is
 * forgotten at its next write (a change or a heartbeat); stopping ends every stream and every
 * thread.
 */
class ChangeFeedTests {

  @TempDir Path home;

  /** A sink that records what it is sent; it may hold a send until released, or fail every send. */
  static final class TestSink implements EventSink {
    final List<StreamMessage> received = new ArrayList<>();
    final CountDownLatch release;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger sending = new AtomicInteger();
    final AtomicBoolean closedDuringSend = new AtomicBoolean();
    final boolean dead;
    private Runnable gone = () -> {};

    TestSink(boolean blocking, boolean dead) {
      this.release = new CountDownLatch(blocking ? 1 : 0);
      this.dead = dead;
    }

    @Override
    public void send(StreamMessage message) throws IOException {
      sending.incrementAndGet();
      try {
        if (dead && !received.isEmpty()) {
          throw new IOException("Broken pipe"); // the client went away after it connected
        }
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IOException("never released");
        }
        synchronized (this) {
          received.add(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } finally {
        sending.decrementAndGet();
      }
    }

    @Override
    public void close() {
      if (sending.get() != 0) {
        closedDuringSend.set(true);
      }
      closed.set(true);
    }

    @Override
    public void onGone(Runnable callback) {
      gone = callback;
    }

    synchronized StreamMessage last() {
      return received.isEmpty() ? StreamMessage.HEARTBEAT : received.get(received.size() - 1);
    }

    synchronized List<Long> changes() {
      return received.stream()
          .filter(m -> m.event().equals("change"))
          .map(StreamMessage::revision)
          .toList();
    }

    void goneFromTheOtherSide() {
      gone.run();
    }
  }

  private static long threadsOf(ChangeFeed feed) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(feed.threadPrefix()))
        .count();
  }

  private static EventsProperties properties(int buffer, Duration heartbeat) {
    return new EventsProperties(
        Duration.ofMillis(50), heartbeat, 0, buffer, 10, Duration.ofMinutes(30));
  }

  @Test
  void aSlowSubscriberIsCutOffWhileTheOthersGetEveryChange() {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      tracker.create(NewTask.named("first"));
      ChangeFeed feed =
          new ChangeFeed(ctx.bean(CommittedChanges.class), properties(4, Duration.ofMinutes(1)));
      feed.start();
      try {
        TestSink slow = new TestSink(true, false);
        TestSink healthy = new TestSink(false, false);
        feed.subscribe(slow, null);
        feed.subscribe(healthy, null);
        long start = tracker.state().revision();
        for (int i = 0; i < 20; i++) {
          tracker.create(NewTask.named("task " + i));
        }
        long latest = tracker.state().revision();
        Await.until(
            Duration.ofSeconds(10),
            "the healthy subscriber has every change",
            () -> healthy.changes().size() == latest - start);
        assertThat(healthy.changes())
            .isEqualTo(LongStream.rangeClosed(start + 1, latest).boxed().toList());
        Await.until(
            Duration.ofSeconds(10), "the slow one is cut off", () -> feed.subscriberCount() == 1);
        assertThat(slow.closed).as("not closed while its send still hangs").isFalse();

        slow.release.countDown(); // the connection drains at last
        Await.until(Duration.ofSeconds(10), "the slow sink is ended", slow.closed::get);
        assertThat(slow.closedDuringSend).as("ended only after its last send returned").isFalse();
        List<Long> got = slow.changes();
        assertThat(got)
            .as("what the slow one got is a gap-free start (its client resumes from there)")
            .isEqualTo(LongStream.rangeClosed(start + 1, start + got.size()).boxed().toList());
        assertThat(got.size()).isLessThan((int) (latest - start));
      } finally {
        feed.stop();
      }
    }
  }

  @Test
  void aSubscriberThatWentAwayIsForgottenAtItsNextWriteAndStopEndsEverything() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("first"));
      ChangeFeed feed =
          new ChangeFeed(ctx.bean(CommittedChanges.class), properties(16, Duration.ofMillis(100)));
      feed.start();
      TestSink dead = new TestSink(false, true);
      TestSink live = new TestSink(false, false);
      TestSink closedByClient = new TestSink(false, false);
      feed.subscribe(dead, null);
      feed.subscribe(live, null);
      feed.subscribe(closedByClient, null);
      assertThat(feed.subscriberCount()).isEqualTo(3);
      Await.until(
          Duration.ofSeconds(5), "the dead one forgotten", () -> feed.subscriberCount() == 2);
      assertThat(dead.closed).isTrue();

      closedByClient.goneFromTheOtherSide();
      assertThat(feed.subscriberCount()).isEqualTo(1);
      Await.until(Duration.ofSeconds(5), "its sink ended", closedByClient.closed::get);

      // A cap on open streams.
      for (int i = 0; i < 9; i++) {
        feed.subscribe(new TestSink(false, false), null);
      }
      assertThatThrownBy(() -> feed.subscribe(new TestSink(false, false), null))
          .isInstanceOf(ChangeFeed.TooManySubscribersException.class)
          .hasMessageContaining("autodev.events.max-subscribers");

      assertThat(threadsOf(feed)).isPositive();
      feed.stop();
      assertThat(live.closed).isTrue();
      assertThat(feed.subscriberCount()).isZero();
      Await.until(Duration.ofSeconds(5), "no thread of the feed left", () -> threadsOf(feed) == 0);
      assertThatThrownBy(() -> feed.subscribe(new TestSink(false, false), null))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aStoreThatWentBackInTimeTellsEverySubscriberToReload() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      for (int i = 0; i < 3; i++) {
        tracker.create(NewTask.named("kept " + i));
      }
      Path journal = home.resolve("tasks/journal.jsonl");
      byte[] backup = Files.readAllBytes(journal);
      long restoredTo = tracker.state().revision();
      ChangeFeed feed =
          new ChangeFeed(ctx.bean(CommittedChanges.class), properties(16, Duration.ofMinutes(1)));
      feed.start();
      try {
        TestSink sink = new TestSink(false, false);
        feed.subscribe(sink, null);
        for (int i = 0; i < 3; i++) {
          tracker.create(NewTask.named("lost by the restore " + i));
        }
        long before = tracker.state().revision();
        Await.until(
            Duration.ofSeconds(10), "the changes streamed", () -> sink.changes().size() == 3);

        // What 'store restore' of an older backup does to the journal (under the store lock),
        // seen from this process.
        ctx.bean(StoreLock.class)
            .call(
                () -> {
                  try {
                    return Files.write(journal, backup);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        Await.until(Duration.ofSeconds(10), "a reset", () -> sink.last().event().equals("reset"));
        StreamMessage reset = sink.last();
        assertThat(reset.revision()).isEqualTo(restoredTo).isLessThan(before);
        assertThat(reset.data()).contains("restored");
        assertThat(feed.subscriberCount()).as("the stream goes on").isEqualTo(1);
      } finally {
        feed.stop();
      }
    }
  }
}
