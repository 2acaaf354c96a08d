package dev.autodev.board;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One open stream: its sink and the bounded queue of messages waiting for it. At most one sender
 * thread drains a subscriber at a time ({@link #scheduled}), so its messages go out in order.
 */
final class Subscriber {

  private final EventSink sink;
  private final BlockingQueue<StreamMessage> queue;
  final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean sinkClosed = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();

  Subscriber(EventSink sink, int capacity) {
    this.sink = sink;
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  EventSink sink() {
    return sink;
  }

  /** Queues a message; false when the queue is full (the subscriber is too slow). */
  boolean offer(StreamMessage message) {
    return !closed.get() && queue.offer(message);
  }

  @Nullable StreamMessage poll() {
    return queue.poll();
  }

  boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** Marks the subscriber closed and drops what waits; true for the first caller only. */
  boolean markClosed() {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      return true;
    }
    return false;
  }

  /** Records that the response ended (error, timeout or completion); true the first time. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Ends the sink once (from a sender thread, never while a send on it is in progress). */
  void closeSink() {
    if (sinkClosed.compareAndSet(false, true)) {
      sink.close();
    }
  }
}
