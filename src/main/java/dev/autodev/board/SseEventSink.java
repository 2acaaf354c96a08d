package dev.autodev.board;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** An {@link EventSink} on Spring MVC's {@link SseEmitter}. */
final class SseEventSink implements EventSink {

  private final SseEmitter emitter;
  private final AtomicReference<Runnable> gone = new AtomicReference<>(() -> {});

  SseEventSink(SseEmitter emitter) {
    this.emitter = emitter;
    emitter.onCompletion(this::ended);
    // The stream lived its autodev.events.stream-timeout: end it normally (the browser reconnects
    // and resumes); completion then forgets the subscriber.
    emitter.onTimeout(emitter::complete);
    emitter.onError(e -> ended());
  }

  private void ended() {
    gone.get().run();
  }

  @Override
  public void send(StreamMessage message) throws IOException {
    emitter.send(message.sse());
  }

  @Override
  public void close() {
    try {
      emitter.complete();
    } catch (RuntimeException e) {
      // already completed by the container (client gone): nothing left to end
    }
  }

  @Override
  public void onGone(Runnable callback) {
    gone.set(callback);
  }
}
