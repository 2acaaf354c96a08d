import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a change made by another process takes to reach every open event stream: opens
 * SUBSCRIBERS streams on /api/events of the server at PORT, then makes ROUNDS changes from other
 * processes on the same data folder — first one-shot `task create` commands (a new JVM each, as an
 * agent would run them), then POST /api/tasks on a second server at OTHER_PORT, paced 200 ms apart
 * — and for each created task compares the commit time in its journal entry ("at") with the moment
 * each stream received it. Same machine, same clock; millisecond precision.
 * Usage: java bench/EventLatency.java PORT OTHER_PORT SUBSCRIBERS ROUNDS COMMAND...
 */
public class EventLatency {

  private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
  private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");
  private static final Pattern CREATED = Pattern.compile("\"type\":\"task_created\"");

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int otherPort = Integer.parseInt(args[1]);
    int subscribers = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<String> command = List.of(args).subList(4, args.length);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // revision -> commit time, and revision -> receipt times (one per stream)
    Map<Long, Long> committed = new ConcurrentHashMap<>();
    Map<Long, List<Long>> received = new ConcurrentHashMap<>();
    CountDownLatch ready = new CountDownLatch(subscribers);
    for (int s = 0; s < subscribers; s++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events")).build();
      http.sendAsync(
          request,
          HttpResponse.BodyHandlers.fromLineSubscriber(
              new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                  subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                  long now = System.currentTimeMillis();
                  if (line.startsWith("event:ready")) {
                    ready.countDown();
                  }
                  if (!line.startsWith("data:") || !CREATED.matcher(line).find()) {
                    return;
                  }
                  Matcher r = REVISION.matcher(line);
                  Matcher a = AT.matcher(line);
                  if (r.find() && a.find()) {
                    long revision = Long.parseLong(r.group(1));
                    committed.putIfAbsent(revision, Instant.parse(a.group(1)).toEpochMilli());
                    received
                        .computeIfAbsent(revision, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(now);
                  }
                }

                @Override
                public void onError(Throwable throwable) {}

                @Override
                public void onComplete() {}
              }));
    }
    if (!ready.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the streams did not open");
    }
    for (int i = 0; i < rounds; i++) {
      List<String> run = new ArrayList<>(command);
      run.add("one-shot probe " + i);
      Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("the command failed: " + run);
      }
    }
    report("one-shot commands (a new JVM each)", committed, received, rounds, subscribers);
    committed.clear();
    received.clear();
    for (int i = 0; i < rounds; i++) {
      HttpRequest create =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otherPort + "/api/tasks"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"other server probe " + i + "\"}"))
              .build();
      if (http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
        throw new IllegalStateException("the other server refused the change");
      }
      Thread.sleep(200);
    }
    report("POST /api/tasks on a second server", committed, received, rounds, subscribers);
    System.exit(0);
  }

  private static void report(
      String what,
      Map<Long, Long> committed,
      Map<Long, List<Long>> received,
      int rounds,
      int subscribers)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline
        && (received.size() < rounds
            || received.values().stream().anyMatch(l -> l.size() < subscribers))) {
      Thread.sleep(10);
    }
    List<Long> first = new ArrayList<>();
    List<Long> last = new ArrayList<>();
    for (Map.Entry<Long, List<Long>> e : received.entrySet()) {
      long at = committed.get(e.getKey());
      List<Long> times = e.getValue();
      first.add(Collections.min(times) - at);
      last.add(times.size() < subscribers ? Long.MAX_VALUE : Collections.max(times) - at);
    }
    Collections.sort(first);
    Collections.sort(last);
    System.out.printf(
        "%s: %d changes, %d streams: commit -> first stream p50 %d ms, p90 %d ms, max %d ms;"
            + " commit -> all streams p50 %d ms, p90 %d ms, max %d ms%n",
        what,
        received.size(),
        subscribers,
        pct(first, 50),
        pct(first, 90),
        first.get(first.size() - 1),
        pct(last, 50),
        pct(last, 90),
        last.get(last.size() - 1));
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (sorted.size() * p) / 100));
  }
}
