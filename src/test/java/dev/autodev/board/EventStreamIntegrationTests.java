package dev.autodev.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.Await;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerChild;
import dev.autodev.tracker.CommittedChanges;
import dev.autodev.tracker.JournalEntry;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/events} over a real port: a hundred subscribers get every change — made by this
 * process and by another one at the same time, across journal rotations — in revision order with no
 * gap; going away leaves no subscriber and no thread behind; a reconnect with Last-Event-ID replays
 * what was missed, from the rotated segments too, or says {@code reset} when it cannot.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "autodev.events.heartbeat=250ms",
      "autodev.events.replay-limit=100",
      "autodev.journal.rotate-size=8KB"
    })
class EventStreamIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @LocalServerPort int port;
  @Autowired TaskTracker tracker;
  @Autowired ChangeFeed feed;
  @Autowired CommittedChanges changes;

  private final JsonMapper json = JsonMapper.builder().build();

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  /** Threads of the server side: not the test's HTTP client nor Tomcat's request pool. */
  private static List<String> serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> !n.startsWith("HttpClient-") && !n.contains("-exec-"))
        .sorted()
        .toList();
  }

  private long feedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(feed.threadPrefix()))
        .count();
  }

  @Test
  void aHundredSubscribersGetEveryChangeFromEveryProcessInOrderAndLeaveNothingBehind()
      throws Exception {
    tracker.create(NewTask.named("before anyone listens"));
    Await.until(Duration.ofSeconds(5), "no stream open", () -> feed.subscriberCount() == 0);
    List<String> threadsBefore = serverThreads();
    HttpClient http = SseClient.http();
    List<SseClient> clients = new ArrayList<>();
    for (int batch = 0; batch < 10; batch++) {
      List<SseClient> opened = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        opened.add(SseClient.open(http, port, Map.of()));
      }
      for (SseClient c : opened) {
        try {
          c.await(e -> e.event().equals("ready"), Duration.ofSeconds(20), "ready");
        } catch (AssertionError e) {
          throw new AssertionError(
              "batch "
                  + batch
                  + ": the server has "
                  + feed.subscriberCount()
                  + " streams open of "
                  + (clients.size() + opened.size())
                  + " requested; "
                  + e.getMessage(),
              e);
        }
      }
      clients.addAll(opened);
    }
    long start = clients.get(0).events("ready").get(0).revision();
    assertThat(clients)
        .allSatisfy(c -> assertThat(c.events("ready").get(0).revision()).isEqualTo(start));
    assertThat(feed.subscriberCount()).isEqualTo(100);
    int endedBefore = feed.endedCount();
    assertThat(serverThreads().size() - threadsBefore.size())
        .as(
            "threads added while 100 streams are open (one per stream would be 100): "
                + serverThreads())
        .isLessThanOrEqualTo(5);
    HttpResponse.ResponseInfo head = clients.get(0).head(Duration.ofSeconds(5));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

    // Changes from another process and from two threads of this one, all at once.
    try (ChildJvm child = ChildJvm.start(home, TrackerChild.class, "lifecycle", "child", "12")) {
      ExecutorService writers = Executors.newFixedThreadPool(2);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 12; i++) {
                    Task t = tracker.create(NewTask.named("writer " + writer + " task " + i));
                    tracker.start(t.id(), false);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writers.shutdown();
      assertThat(child.waitFor(Duration.ofMinutes(2))).as(child.stderr()).isZero();
    }
    long latest = changes.latest();
    assertThat(latest - start).isGreaterThanOrEqualTo(12 * 3 + 2 * 12 * 2);
    try (Stream<Path> files = Files.list(home.resolve("tasks/history"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the journal rotated while the changes streamed")
          .anyMatch(n -> n.startsWith("journal-"));
    }

    for (SseClient c : clients) {
      c.await(e -> e.revision() == latest, Duration.ofSeconds(30), "revision " + latest);
    }
    List<JournalEntry> journal = changes.after(start, 10_000).entries();
    List<String> first =
        clients.get(0).events("change").stream().map(SseClient.Event::data).toList();
    for (SseClient c : clients) {
      List<SseClient.Event> got = c.events("change");
      assertThat(got.stream().map(SseClient.Event::revision).toList())
          .isEqualTo(range(start + 1, latest));
      assertThat(got.stream().map(SseClient.Event::data).toList()).isEqualTo(first);
      assertThat(c.events("reset")).isEmpty();
    }
    for (int i = 0; i < journal.size(); i++) {
      JsonNode data = json.readTree(first.get(i));
      assertThat(data.get("revision").asLong()).isEqualTo(journal.get(i).rev());
      assertThat(data.get("events").size()).isEqualTo(journal.get(i).events().size());
      assertThat(data.has("delta")).isFalse();
    }
    assertThat(feedThreads())
        .as("threads of the feed while 100 streams are open")
        .isLessThanOrEqualTo(5);

    for (SseClient c : clients) {
      c.close();
    }
    Await.until(
        Duration.ofSeconds(15),
        "every closed stream forgotten (" + feed.subscriberCount() + " left)",
        () -> feed.subscriberCount() == 0);
    Await.until(
        Duration.ofSeconds(15),
        "every stream's response ended (" + (feed.endedCount() - endedBefore) + " of 100)",
        () -> feed.endedCount() - endedBefore == 100);
    // Nothing in proportion to the subscribers is left; a few threads may have started for other
    // reasons meanwhile (the feed's sender pool, the journal rotation thread).
    assertThat(serverThreads().size() - threadsBefore.size())
        .as("threads left after the streams closed: " + serverThreads() + " vs " + threadsBefore)
        .isLessThanOrEqualTo(6);
  }

  @Test
  void aReconnectResumesFromTheRotatedJournalOrIsToldToReload() throws Exception {
    HttpClient http = SseClient.http();
    Path history = home.resolve("tasks/history");
    for (int i = 0; i < 60; i++) {
      tracker.create(NewTask.named("resume " + i + " " + "x".repeat(100)));
    }
    Await.until(
        Duration.ofSeconds(10),
        "a rotated journal segment",
        () -> {
          try (Stream<Path> files = Files.list(history)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("journal-"));
          } catch (IOException e) {
            return false;
          }
        });
    long latest = changes.latest();
    long firstInJournalJsonl =
        json.readTree(Files.readAllLines(home.resolve("tasks/journal.jsonl")).get(0))
            .get("entry")
            .get("rev")
            .asLong();
    long from = latest - 50;
    assertThat(from + 1)
        .as("the replay starts in a rotated segment")
        .isLessThan(firstInJournalJsonl);

    try (SseClient resumed =
        SseClient.open(http, port, Map.of("Last-Event-ID", Long.toString(from)))) {
      SseClient.Event ready =
          resumed.await(e -> e.event().equals("ready"), Duration.ofSeconds(10), "ready");
      assertThat(ready.revision()).isEqualTo(latest);
      assertThat(resumed.events("change").stream().map(SseClient.Event::revision).toList())
          .isEqualTo(range(from + 1, latest));
      assertThat(resumed.events("reset")).isEmpty();

      Task live = tracker.create(NewTask.named("live after the replay"));
      SseClient.Event next =
          resumed.await(e -> e.revision() == latest + 1, Duration.ofSeconds(10), "the live change");
      assertThat(next.data()).contains(live.id().toString());
    }

    while (changes.latest() < 200) {
      tracker.create(NewTask.named("one more"));
    }
    long now = changes.latest();
    try (SseClient tooOld =
            SseClient.open(http, port, Map.of("Last-Event-ID", Long.toString(now - 150)));
        SseClient future =
            SseClient.open(http, port, Map.of("Last-Event-ID", Long.toString(now + 10)))) {
      for (SseClient c : List.of(tooOld, future)) {
        c.await(e -> e.event().equals("ready"), Duration.ofSeconds(10), "ready");
        List<SseClient.Event> events = c.events();
        assertThat(events.get(0).event()).isEqualTo("reset");
        assertThat(events.get(0).revision()).isEqualTo(now);
        assertThat(c.events("change")).isEmpty();
      }
      assertThat(tooOld.events().get(0).data()).contains("autodev.events.replay-limit");
      assertThat(future.events().get(0).data()).contains("restored");
    }

    try (SseClient garbage = SseClient.open(http, port, Map.of("Last-Event-ID", "abc"))) {
      HttpResponse.ResponseInfo head = garbage.head(Duration.ofSeconds(10));
      assertThat(head.statusCode()).isEqualTo(400);
      assertThat(head.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }
}
