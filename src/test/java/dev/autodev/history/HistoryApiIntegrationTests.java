package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
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
 * The history over real HTTP and through the real command runner, on a generated history of
 * compressed and plain segments: the same documents both ways, paging by cursor, and every user
 * mistake a 400 problem detail or exit code 2.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "autodev.history.compaction.auto=false")
class HistoryApiIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @BeforeAll
  static void generate() throws Exception {
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(800)
            .months(2)
            .end(Instant.parse("2026-05-20T00:00:00Z"))
            .segmentMaxBytes(256 * 1024)
            .compressed(true, 1));
  }

  @LocalServerPort int port;
  @Autowired CommandRunner commands;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/json, application/problem+json")
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  /** Runs a command as the one-shot runner does; returns exit code and output. */
  private record Run(int exitCode, String output, String error) {}

  private Run run(String... words) {
    StringWriter out = new StringWriter();
    CommandRunner.Outcome outcome;
    try (PrintWriter writer = new PrintWriter(out)) {
      outcome = commands.run(List.of(words), writer);
    }
    return new Run(outcome.exitCode(), out.toString(), outcome.error());
  }

  @Test
  void historyPagesByCursorOverHttpWithoutDuplicatesOrGaps() throws Exception {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ok(
              "/api/history?status=completed&limit=90"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonNode r : page.get("records")) {
        assertThat(r.get("task").get("status").asString()).isEqualTo("completed");
        assertThat(r.get("archived_at").asString()).endsWith("Z");
        ids.add(r.get("task").get("id").asString());
      }
      cursor = page.has("next_cursor") ? page.get("next_cursor").asString() : null;
    } while (cursor != null);
    assertThat(ids).hasSizeGreaterThan(500);
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    JsonNode all = ok("/api/history?status=completed&limit=1000");
    assertThat(all.get("count").asInt()).isEqualTo(ids.size());
  }

  @Test
  void theCommandPrintsTheSameJsonDocumentAsTheApi() throws Exception {
    String query = "--since 2026-04-01 --until 2026-05-01 --tag db --limit 7";
    Run cli =
        run(
            "task",
            "history",
            "--since",
            "2026-04-01",
            "--until",
            "2026-05-01",
            "--tag",
            "db",
            "--limit",
            "7",
            "--json");
    assertThat(cli.exitCode()).as(query + ": " + cli.error()).isZero();
    JsonNode fromCli = json.readTree(cli.output());
    JsonNode fromApi = ok("/api/history?since=2026-04-01&until=2026-05-01&tag=db&limit=7");
    assertThat(fromCli).isEqualTo(fromApi);
    assertThat(fromCli.get("count").asInt()).isEqualTo(7);

    Run text = run("task", "history", "--text", "QUOKKA");
    assertThat(text.exitCode()).isZero();
    assertThat(text.output()).contains("ID").contains("STATUS");

    Run table = run("task", "history", "--limit", "3");
    assertThat(table.output()).contains("3 tasks; next page: --cursor ");
  }

  @Test
  void searchStatsAndTheEventsOfOneTask() throws Exception {
    JsonNode search =
        ok(
            "/api/search?text="
                + URLEncoder.encode("Flaky on CI", StandardCharsets.UTF_8)
                + "&limit=5");
    assertThat(search.get("count").asInt()).isEqualTo(5);
    assertThat(search.get("results").get(0).get("source").asString()).isEqualTo("history");

    JsonNode stats = ok("/api/stats?weeks=4");
    assertThat(stats.get("finished").get("completed").asLong()).isPositive();
    assertThat(stats.get("completion_rate").asDouble()).isBetween(0.5, 1.0);
    assertThat(stats.get("weeks")).hasSize(4);
    assertThat(stats.get("weeks").get(0).get("median_duration_seconds").asLong()).isPositive();
    Run cliStats = run("task", "stats", "--weeks", "4", "--json");
    assertThat(json.readTree(cliStats.output())).isEqualTo(stats);

    String id = ok("/api/history?limit=1").get("records").get(0).get("task").get("id").asString();
    JsonNode events = ok("/api/tasks/" + id.substring(0, 8) + "/events");
    assertThat(events.get("task_id").asString()).isEqualTo(id);
    assertThat(events.get("archived").asBoolean()).isTrue();
    assertThat(events.get("events").get(0).get("type").asString()).isEqualTo("created");
    assertThat(events.get("events").get(0).get("session_id").asString()).hasSize(36);
    Run log = run("task", "log", id, "--json");
    assertThat(json.readTree(log.output())).isEqualTo(events);
    assertThat(run("task", "log", id).output()).contains("created").contains("events");
  }

  @Test
  void mistakesAreProblemDetailsOverHttpAndExitCodeTwoInTheShell() throws Exception {
    for (String bad :
        List.of(
            "/api/history?since=2026-02-30",
            "/api/history?until=tomorrow",
            "/api/history?min_duration=ten",
            "/api/history?status=pending",
            "/api/history?limit=0",
            "/api/history?cursor=garbage",
            "/api/history?parent=..%2Fetc",
            "/api/search?text=",
            "/api/stats?weeks=-1")) {
      HttpResponse<String> response = get(bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(json.readTree(response.body()).get("detail").asString()).as(bad).isNotBlank();
    }
    assertThat(get("/api/tasks/" + java.util.UUID.randomUUID() + "/events").statusCode())
        .isEqualTo(404);

    Run badDate = run("task", "history", "--since", "2026-13-01");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.error()).contains("--since '2026-13-01' is not a date");
    Run badCursor = run("task", "history", "--cursor", "xyz");
    assertThat(badCursor.exitCode()).isEqualTo(2);
    assertThat(badCursor.error()).contains("is not a cursor");
    Run unknown = run("task", "log", "0000aaaa");
    assertThat(unknown.exitCode()).isEqualTo(1);
  }

  @Test
  void storeCompactOverHttpAndInTheShellCompressesClosedSegmentsAndReportsIt() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/store/compact"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = json.readTree(response.body());
    assertThat(report.get("compressed")).isNotEmpty();
    assertThat(report.get("compressed_bytes").asLong()).isPositive();
    assertThat(Files.exists(home.resolve("tasks/history/index.json"))).isTrue();

    Run compact = run("store", "compact", "--json");
    assertThat(compact.exitCode()).as(compact.error()).isZero();
    JsonNode again = json.readTree(compact.output());
    assertThat(again.propertyNames()).containsExactlyInAnyOrderElementsOf(report.propertyNames());
    assertThat(again.get("compressed")).isEmpty();
    assertThat(run("store", "compact").output()).contains("Nothing to compress");
  }
}
