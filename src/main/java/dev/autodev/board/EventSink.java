package dev.autodev.board;

import java.io.IOException;

/**
 * Where one subscriber's messages go: an open {@code text/event-stream} response in the
 * application. A send may block while the client's connection is full; that is why sends happen on
 * the feed's sender threads, never on the thread that reads the journal.
 */
interface EventSink {

  /** Writes one message; an exception means the subscriber is gone. */
  void send(StreamMessage message) throws IOException;

  /** Ends the stream; called once, never while a send is in progress. */
  void close();

  /**
   * Runs {@code gone} when the stream ends from the other side (client gone, timeout, error), so
   * the feed forgets the subscriber.
   */
  void onGone(Runnable gone);
}
