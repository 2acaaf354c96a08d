package dev.autodev.board;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A test client of {@code /api/events} over a real connection: it parses the text/event-stream
 * format as a browser does (id, event, data, blank line) and keeps every event it received, so a
 * test can wait for one and compare what many subscribers saw. Closing it cancels the body, which
 * closes the connection, as a browser tab that goes away.
 */
final class SseClient implements AutoCloseable {

  /** One received event. */
  record Event(String event, @Nullable String id, String data) {
    long revision() {
      return Long.parseLong(id == null ? "-1" : id);
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final List<String> raw = new ArrayList<>();
  private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
  private final CompletableFuture<HttpResponse<Void>> response;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean ended;

  private SseClient(HttpClient http, URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    response =
        http.sendAsync(
            request.build(),
            info -> {
              head.complete(info);
              return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
            });
  }

  /**
   * A client as a browser's EventSource talks: HTTP/1.1 (the JDK client would otherwise offer an
   * h2c upgrade on every new connection, which no browser does and this server does not take).
   */
  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  static SseClient open(HttpClient http, int port, Map<String, String> headers) {
    return new SseClient(http, URI.create("http://127.0.0.1:" + port + "/api/events"), headers);
  }

  /** Events received so far, in order. */
  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The received events named {@code name}. */
  synchronized List<Event> events(String name) {
    return events.stream().filter(e -> e.event().equals(name)).toList();
  }

  /** Waits for an event matching {@code test}; fails after {@code timeout}. */
  Event await(Predicate<Event> test, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (Event e : events) {
          if (test.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError(
              "no "
                  + what
                  + " within "
                  + timeout
                  + " (ended: "
                  + ended
                  + ", status "
                  + head.getNow(null)
                  + "); got "
                  + events
                  + "; body "
                  + raw
                  + "\nthreads of the event feeds:\n"
                  + feedThreads());
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Where the feeds', the server's and the client's threads are, for a failure message. */
  static String feedThreads() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              String n = t.getName();
              if (n.startsWith(ChangeFeed.THREAD_PREFIX)
                  || n.contains("-exec-")
                  || n.startsWith("HttpClient")
                  || n.contains("Poller")
                  || n.contains("Acceptor")) {
                out.append(n).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(10, stack.length); i++) {
                  out.append("    at ").append(stack[i]).append('\n');
                }
              }
            });
    return out.toString();
  }

  /** The status and headers, once the response head arrived. */
  HttpResponse.ResponseInfo head(Duration timeout) throws Exception {
    return head.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The first lines of the body as received (for failure messages). */
  synchronized List<String> raw() {
    return List.copyOf(raw);
  }

  boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    response.cancel(true);
  }

  private final class Lines implements Flow.Subscriber<String> {
    private @Nullable String id;
    private String event = "message";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      synchronized (SseClient.this) {
        if (raw.size() < 50) {
          raw.add(line);
        }
      }
      if (line.isEmpty()) {
        if (hasData) {
          synchronized (SseClient.this) {
            events.add(new Event(event, id, data.toString()));
            SseClient.this.notifyAll();
          }
        }
        event = "message";
        data.setLength(0);
        hasData = false;
        return;
      }
      if (line.startsWith(":")) {
        return; // a comment: the heartbeat
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> {
          if (hasData) {
            data.append('\n');
          }
          data.append(value);
          hasData = true;
        }
        default -> {
          // retry: and unknown fields
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      finish();
    }

    @Override
    public void onComplete() {
      finish();
    }

    private void finish() {
      synchronized (SseClient.this) {
        ended = true;
        SseClient.this.notifyAll();
      }
    }
  }
}
