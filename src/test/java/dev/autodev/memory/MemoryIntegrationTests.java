package dev.autodev.memory;

import static dev.autodev.support.MemoryFiles.assertMirrorEqualsMemoryJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import dev.autodev.cli.ExitCodes;
import dev.autodev.support.Commands;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
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
 * The memory commands and /api/memory on the whole application and a real data folder: both ways in
 * give the same documents, every change lands in memory.json and its mirror, and mistakes are one
 * clear line with exit code 2 or 1, or a 400 / 404 problem detail, changing nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @LocalServerPort int port;
  @Autowired CommandRunner runner;
  @Autowired TaskTracker tracker;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private Commands commands;

  /** The tests share one application and folder; each starts from an empty memory. */
  @BeforeEach
  void emptyMemory() {
    commands = new Commands(runner);
    tracker.memory().keyDecisions().forEach(e -> tracker.forget(e.id()));
    tracker.memory().learnedPatterns().forEach(e -> tracker.forget(e.id()));
    tracker.memory().facts().keySet().forEach(tracker::unsetFact);
  }

  private HttpResponse<String> send(String method, String path, @Nullable String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private JsonNode cmd(String... words) {
    JsonNode doc = json.readTree(commands.ok(words));
    assertMirrorEqualsMemoryJson(home);
    return doc;
  }

  @Test
  void commandsAndTheApiWorkOnOneMemoryWithTheSameDocuments() throws Exception {
    Task task = tracker.create(NewTask.named("Pick a log format"));
    String prefix = task.id().toString().substring(0, 6);

    JsonNode type = cmd("memory", "project-type", "cli_tool", "--json");
    assertThat(type.get("project_type").asString()).isEqualTo("cli_tool");
    assertThat(get("/api/memory/project-type")).isEqualTo(type);

    JsonNode fact = cmd("memory", "set", "build", "./mvnw -B verify", "--json");
    assertThat(
            cmd("memory", "set", "--json", "jvm", "--", "-Xmx1g", "-Xss1m").get("value").asString())
        .isEqualTo("-Xmx1g -Xss1m");
    assertThat(fact.get("value").asString()).isEqualTo("./mvnw -B verify");
    assertThat(get("/api/memory/facts/build")).isEqualTo(fact);
    assertThat(commands.ok("memory", "get", "build")).isEqualTo("./mvnw -B verify\n");

    JsonNode decision =
        cmd("memory", "decide", "Use", "JSON Lines", "for logs", "--task", prefix, "--json");
    assertThat(decision.get("text").asString()).isEqualTo("Use JSON Lines for logs");
    assertThat(decision.get("task_id").asString()).isEqualTo(task.id().toString());
    assertThat(decision.get("session_id").asString()).isNotBlank();
    JsonNode byId = get("/api/memory/entries/" + decision.get("id").asString());
    assertThat(byId.get("kind").asString()).isEqualTo("decision");
    assertThat(byId.get("entry")).isEqualTo(decision);

    JsonNode pattern =
        cmd("memory", "learn", "fsync the folder after a rename", "--tag", "io", "--json");
    assertThat(pattern.get("tags").get(0).asString()).isEqualTo("io");
    HttpResponse<String> posted =
        send(
            "POST",
            "/api/memory/patterns",
            "{\"text\":\"Wait for conditions, never sleep\",\"tags\":[\"tests\"]}");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String postedId = json.readTree(posted.body()).get("id").asString();
    assertThat(posted.headers().firstValue("Location")).hasValue("/api/memory/entries/" + postedId);
    assertMirrorEqualsMemoryJson(home);
    HttpResponse<String> viaApi = send("PUT", "/api/memory/facts/lang", "{\"value\":\"Java 17\"}");
    assertThat(viaApi.statusCode()).as(viaApi.body()).isEqualTo(200);

    JsonNode shown = cmd("memory", "show", "--json");
    assertThat(get("/api/memory")).isEqualTo(shown);
    assertThat(shown.get("key_decisions").size()).isEqualTo(1);
    assertThat(shown.get("learned_patterns").size()).isEqualTo(2);
    assertThat(shown.get("facts").get("lang").asString()).isEqualTo("Java 17");
    assertThat(shown.get("facts").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("build", "jvm", "lang");
    assertThat(commands.ok("memory", "show"))
        .contains("Project type: cli_tool")
        .contains("build = ./mvnw -B verify")
        .contains("Use JSON Lines for logs  (task " + task.shortId() + ")")
        .contains("[io]");

    JsonNode found = cmd("memory", "search", "FSYNC", "rename", "--json");
    assertThat(found.get("count").asInt()).isEqualTo(1);
    assertThat(found.get("hits").get(0).get("kind").asString()).isEqualTo("pattern");
    assertThat(get("/api/memory/search?q=FSYNC%20rename")).isEqualTo(found);
    assertThat(commands.ok("memory", "search", "java")).contains("fact").contains("1 match");

    JsonNode removed = cmd("memory", "unset", "build", "--json");
    assertThat(removed).isEqualTo(fact);
    String forgotten = postedId.substring(0, 8);
    JsonNode gone = cmd("memory", "forget", forgotten, "--json");
    assertThat(gone.get("kind").asString()).isEqualTo("pattern");
    HttpResponse<String> deleted =
        send("DELETE", "/api/memory/entries/" + pattern.get("id").asString(), null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    HttpResponse<String> unset = send("DELETE", "/api/memory/facts/lang", null);
    assertThat(json.readTree(unset.body()).get("value").asString()).isEqualTo("Java 17");

    JsonNode left = get("/api/memory");
    assertThat(left.get("learned_patterns").size()).isZero();
    assertThat(left.get("facts").size()).isEqualTo(1);
    assertThat(left.get("key_decisions").size()).isEqualTo(1);
    assertMirrorEqualsMemoryJson(home);
  }

  @Test
  void mistakesAreOneLineOrAProblemDetailAndChangeNothing() throws Exception {
    tracker.setFact("kept", "yes");
    long revision = tracker.state().revision();

    assertUsage(commands.run("memory", "set", "lonely-key"), "give a key and its value");
    assertUsage(commands.run("memory", "set", "bad/key", "v"), "fact key 'bad/key'");
    assertUsage(commands.run("memory", "decide"), "text must not be empty");
    assertUsage(commands.run("memory", "forget", "not-an-id"), "is not a memory entry id");
    assertUsage(commands.run("memory", "search"), "give the text to search for");
    assertUsage(commands.run("memory", "export", "--max-chars", "10"), "--max-chars must be");
    assertUsage(commands.run("memory", "export", "--format", "xml"), "unknown format 'xml'");
    assertUsage(commands.run("memory", "learn", "x", "--bogus"), "unknown option '--bogus'");
    assertFailure(commands.run("memory", "get", "missing"), "no fact 'missing' in the memory");
    assertFailure(commands.run("memory", "unset", "missing"), "no fact 'missing'");
    assertFailure(commands.run("memory", "forget", "abcd1234"), "no decision or pattern");
    assertFailure(
        commands.run("memory", "decide", "x", "--task", UUID.randomUUID().toString()),
        "no task with id");

    assertProblem(send("PUT", "/api/memory/facts/bad%20key", "{\"value\":\"v\"}"), 400);
    assertProblem(send("PUT", "/api/memory/facts/k", "{}"), 400);
    assertProblem(send("PUT", "/api/memory/project-type", "{\"project_type\":\"\"}"), 400);
    assertProblem(send("GET", "/api/memory/facts/missing", null), 404);
    assertProblem(send("DELETE", "/api/memory/facts/missing", null), 404);
    assertProblem(send("DELETE", "/api/memory/entries/abcd1234", null), 404);
    assertProblem(send("POST", "/api/memory/decisions", "{}"), 400);
    assertProblem(
        send(
            "POST",
            "/api/memory/decisions",
            "{\"text\":\"x\",\"task_id\":\"" + UUID.randomUUID() + "\"}"),
        404);
    assertProblem(
        send("POST", "/api/memory/decisions", "{\"text\":\"" + "x".repeat(2001) + "\"}"), 400);
    assertProblem(send("GET", "/api/memory/export?format=xml", null), 400);
    assertProblem(send("GET", "/api/memory/export?max_chars=5", null), 400);
    assertProblem(send("GET", "/api/memory/search?q=", null), 400);

    assertThat(tracker.state().revision()).isEqualTo(revision);
    assertThat(tracker.fact("kept")).isEqualTo("yes");
  }

  @Test
  void theExportFitsItsBudgetInBothFormatsAndOverHttp() throws Exception {
    Task current = tracker.create(NewTask.named("Write the exporter"));
    tracker.start(current.id(), false);
    for (int i = 0; i < 60; i++) {
      tracker.decide("Decision number " + i + " " + "words ".repeat(10), null, java.util.List.of());
    }
    String markdown = commands.ok("memory", "export", "--max-chars", "1500");
    assertThat(markdown.length()).isLessThanOrEqualTo(1500);
    assertThat(markdown).contains("## Current task").contains("Write the exporter");
    assertThat(markdown).contains("Decision number 59").doesNotContain("Decision number 0 ");
    assertThat(markdown).contains("_Left out to fit 1500 characters:");

    String jsonText = commands.ok("memory", "export", "--json", "--max-chars", "2000");
    assertThat(jsonText.length()).isLessThanOrEqualTo(2000);
    JsonNode doc = json.readTree(jsonText);
    assertThat(doc.get("complete").asBoolean()).isFalse();
    assertThat(doc.get("current_task").get("name").asString()).isEqualTo("Write the exporter");
    assertThat(doc.get("key_decisions").size() + doc.get("omitted").get("key_decisions").asInt())
        .isEqualTo(tracker.memory().keyDecisions().size());

    HttpResponse<String> md = send("GET", "/api/memory/export?max_chars=1500", null);
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/markdown"));
    assertThat(md.body().length()).isLessThanOrEqualTo(1500);
    HttpResponse<String> js = send("GET", "/api/memory/export?format=json&max_chars=3000", null);
    assertThat(json.readTree(js.body()).get("max_chars").asInt()).isEqualTo(3000);
    assertThat(js.body().length()).isLessThanOrEqualTo(3000);
  }

  private static void assertUsage(Commands.Result r, String message) {
    assertThat(r.exitCode()).as(r.error()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.error()).contains(message).doesNotContain("\n");
  }

  private static void assertFailure(Commands.Result r, String message) {
    assertThat(r.exitCode()).as(r.error()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.error()).contains(message).doesNotContain("\n");
  }

  private void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json.readTree(r.body()).get("detail").asString()).isNotBlank();
  }
}
