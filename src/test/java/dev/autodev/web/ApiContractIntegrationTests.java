package dev.autodev.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * /v3/api-docs agrees with the API on every endpoint, as a client generated from it would find: the
 * document lists exactly the endpoints Spring MVC maps under /api/; every request body is built
 * from its documented schema (every property, by its documented name) and the server takes it;
 * every answer, success or error, has a documented status and media type, and its body fits the
 * documented schema, with no property the schema does not name and none it requires missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
    registry.add("autodev.history.compaction.auto", () -> "false");
  }

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;

  private static final String JSON_OR_PROBLEM = "application/json, application/problem+json";
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> succeeded = new TreeSet<>();
  private final Set<String> refused = new TreeSet<>();
  private final Map<String, Sent> lastSuccess = new LinkedHashMap<>();
  private OpenApiDocument doc;

  /** A request that succeeded: its path and body, to spoil for the error checks. */
  record Sent(String path, @Nullable String body) {}

  @Test
  void everyEndpointAnswersAsTheDescriptionSays() throws Exception {
    HttpResponse<String> served = send("GET", "/v3/api-docs", null, "Accept", "application/json");
    assertThat(served.statusCode()).isEqualTo(200);
    doc = new OpenApiDocument(json.readTree(served.body()));
    assertThat(doc.operations())
        .as("the document lists exactly the endpoints under /api/")
        .containsExactlyInAnyOrderElementsOf(mappedEndpoints());

    exerciseTasks();
    exerciseMemorySessionsHistoryAndStore();
    exerciseEventStream();
    exerciseErrors();

    assertThat(problems).as("answers that do not match the document").isEmpty();
    assertThat(succeeded).as("operations answered with success").isEqualTo(doc.operations());
    assertThat(refused).as("operations answered with an error").isEqualTo(doc.operations());
  }

  private Set<String> mappedEndpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        for (RequestMethod method : info.getMethodsCondition().getMethods()) {
          endpoints.add(method.name() + " " + pattern);
        }
      }
    }
    return endpoints;
  }

  // ------------------------------------------------------------------ successes

  private void exerciseTasks() throws Exception {
    String parent = create("parent");
    String dependency = create("dependency");
    String task =
        ok(
                "POST /api/tasks",
                "/api/tasks",
                values(
                    "name",
                    "contract task",
                    "description",
                    "described",
                    "priority",
                    "high",
                    "tags",
                    List.of("contract"),
                    "parent_id",
                    parent,
                    "depends_on",
                    List.of(dependency)))
            .get("id")
            .asString();
    ok("GET /api/tasks", "/api/tasks?limit=10", null);
    ok("GET /api/tasks/{id}", "/api/tasks/" + task, null);
    ok(
        "PATCH /api/tasks/{id}",
        "/api/tasks/" + task,
        values(
            "name", "contract task, edited",
            "description", "edited",
            "priority", "medium",
            "tags", List.of("contract", "edited")));
    String extra = create("extra");
    ok(
        "POST /api/tasks/{id}/dependencies",
        "/api/tasks/" + task + "/dependencies",
        values("depends_on", List.of(extra)));
    ok("GET /api/tasks/{id}/dependencies", "/api/tasks/" + task + "/dependencies", null);
    ok(
        "DELETE /api/tasks/{id}/dependencies/{on}",
        "/api/tasks/" + task + "/dependencies/" + extra,
        null);
    ok(
        "POST /api/tasks/{id}/context",
        "/api/tasks/" + task + "/context",
        values("kind", "decision", "value", "use records for values"));
    ok("GET /api/tasks/{id}/context", "/api/tasks/" + task + "/context", null);
    ok("GET /api/tasks/tree", "/api/tasks/tree", null);
    ok("GET /api/tasks/{id}/tree", "/api/tasks/" + parent + "/tree", null);
    ok("GET /api/tasks/ready", "/api/tasks/ready", null);
    ok("GET /api/tasks/next", "/api/tasks/next", null);
    ok("GET /api/tasks/blocked", "/api/tasks/blocked", null);
    ok("GET /api/tasks/{id}/events", "/api/tasks/" + task + "/events", null);

    String worker = create("worker");
    ok(
        "POST /api/tasks/{id}/start",
        "/api/tasks/" + worker + "/start",
        values("force", false, "reason", "go", "start", false));
    ok(
        "POST /api/tasks/{id}/complete",
        "/api/tasks/" + worker + "/complete",
        values("force", false, "reason", "done", "start", false));
    String flaky = create("flaky");
    post("/api/tasks/" + flaky + "/start");
    ok(
        "POST /api/tasks/{id}/fail",
        "/api/tasks/" + flaky + "/fail",
        values("force", false, "reason", "flaky upstream", "start", false));
    ok("GET /api/tasks/{id}", "/api/tasks/" + flaky, null);
    ok(
        "POST /api/tasks/{id}/retry",
        "/api/tasks/" + flaky + "/retry",
        values("force", false, "reason", "again", "start", true));
    ok("GET /api/tasks/next", "/api/tasks/next", null);

    ok("PUT /api/session/focus", "/api/session/focus", values("task_id", flaky));
    ok("GET /api/session/focus", "/api/session/focus", null);
    ok("POST /api/session/focus", "/api/session/focus", values("task_id", parent));
    ok("DELETE /api/session/focus", "/api/session/focus", null);
    ok("GET /api/session/focus", "/api/session/focus", null);
    ok("DELETE /api/tasks/{id}", "/api/tasks/" + create("doomed"), null);
    lastSuccess.put("DELETE /api/tasks/{id}", new Sent("/api/tasks/" + task, null));
    taskId = task;
    dependencyId = dependency;
  }

  private String taskId;
  private String dependencyId;
  private String entryId;

  private void exerciseMemorySessionsHistoryAndStore() throws Exception {
    ok("PUT /api/memory/project-type", "/api/memory/project-type", values("project_type", "java"));
    ok("GET /api/memory/project-type", "/api/memory/project-type", null);
    ok("PUT /api/memory/facts/{key}", "/api/memory/facts/build.tool", values("value", "maven"));
    ok("GET /api/memory/facts/{key}", "/api/memory/facts/build.tool", null);
    Map<String, Object> entry =
        values("text", "records for values", "task_id", taskId, "tags", List.of("design"));
    entryId = ok("POST /api/memory/decisions", "/api/memory/decisions", entry).get("id").asString();
    ok("POST /api/memory/patterns", "/api/memory/patterns", entry);
    ok("GET /api/memory", "/api/memory", null);
    ok("GET /api/memory/entries/{id}", "/api/memory/entries/" + entryId, null);
    ok("GET /api/memory/search", "/api/memory/search?q=records", null);
    check("GET /api/memory/export", "/api/memory/export", null, 200, "Accept", "text/markdown");
    ok("GET /api/memory/export", "/api/memory/export?format=json", null);
    ok("GET /api/session", "/api/session", null);
    ok("GET /api/session/resume", "/api/session/resume", null);
    ok("POST /api/session/end", "/api/session/end", null);
    ok("GET /api/session", "/api/session", null);
    ok("GET /api/sessions", "/api/sessions", null);
    ok("POST /api/session/start", "/api/session/start", null);
    ok("GET /api/session/resume", "/api/session/resume", null);
    ok("GET /api/history", "/api/history?status=completed", null);
    ok("GET /api/search", "/api/search?text=contract", null);
    ok("GET /api/stats", "/api/stats", null);
    ok("GET /api/tasks", "/api/tasks?status=completed", null);
    ok("GET /api/store/verify", "/api/store/verify", null);
    ok("POST /api/store/compact", "/api/store/compact", null);
    ok("POST /api/store/repair", "/api/store/repair?dry_run=true", null);
    ok("POST /api/store/backup", "/api/store/backup?to=" + home.resolve("backups/contract"), null);
    ok(
        "DELETE /api/memory/entries/{id}",
        "/api/memory/entries/"
            + ok("POST /api/memory/patterns", "/api/memory/patterns", entry).get("id").asString(),
        null);
    ok("DELETE /api/memory/facts/{key}", "/api/memory/facts/build.tool", null);
  }

  // ------------------------------------------------------------------ errors

  /** Every operation refused as a client can cause it, each answer checked against the document. */
  private void exerciseErrors() throws Exception {
    for (String op : doc.operations()) {
      String method = op.split(" ", 2)[0];
      Sent sent = lastSuccess.get(op);
      String path = sent == null ? instantiate(op.split(" ", 2)[1]) : sent.path();
      String body = sent == null ? null : sent.body();
      error(op, path, body, "Accept", "application/xml");
      if (op.contains("{id}")) {
        error(op, path.replace(idIn(path), UUID.randomUUID().toString()), body);
        error(op, path.replace(idIn(path), "not-an-id"), body);
      }
      if (body != null) {
        error(op, path, "{\"no_such_field\":1}");
        error(op, path, "{");
        error(op, path, body, "Content-Type", "text/plain");
      }
      if (doc.operation(op).path("parameters").toString().contains("If-Match")) {
        error(op, path, body, "If-Match", "\"999999\"");
        error(op, path, body, "If-Match", "3");
      }
      if (!method.equals("GET")) {
        error(op, path, body, "Origin", "https://elsewhere.example");
      }
    }
    String big = "{\"name\":\"" + "n".repeat(1024 * 1024) + "\"}";
    error("POST /api/tasks", "/api/tasks", big);
    error("POST /api/tasks", "/api/tasks", "{\"name\":\"x\",\"parentId\":\"" + taskId + "\"}");
    error(
        "POST /api/tasks/{id}/start",
        "/api/tasks/" + taskId + "/start",
        "{}"); // blocked by its dependency: 409
    error(
        "POST /api/store/backup", "/api/store/backup?to=" + home.resolveSibling("elsewhere"), null);
    error("GET /api/history", "/api/history?limit=-1", null);
    error("POST /api/tasks", "/api/tasks", "{\"name\":\" \"}"); // "errors", one per field
    error(
        "POST /api/tasks/{id}/dependencies",
        "/api/tasks/" + dependencyId + "/dependencies",
        "{\"depends_on\":[\"" + taskId + "\"]}"); // a cycle: 409 with "cycle"
  }

  private String instantiate(String template) {
    return template
        .replace("{id}", template.startsWith("/api/memory") ? entryId : taskId)
        .replace("{on}", dependencyId)
        .replace("{key}", "build.tool");
  }

  private static String idIn(String path) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .matcher(path);
    if (m.find()) {
      return m.group();
    }
    throw new IllegalArgumentException("no id in " + path);
  }

  private void error(String op, String path, @Nullable String body, String... headers)
      throws Exception {
    HttpResponse<String> r = check(op, path, body, -1, headers);
    if (r.statusCode() < 400 || r.statusCode() >= 500) {
      problems.add(op + " " + path + " " + List.of(headers) + ": not refused: " + r.statusCode());
    }
  }

  // ------------------------------------------------------------------ plumbing

  private static Map<String, Object> values(Object... pairs) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return values;
  }

  /** Calls an operation that must succeed, its body (if any) built from the document. */
  private JsonNode ok(String op, String path, @Nullable Map<String, Object> values)
      throws Exception {
    String body = null;
    if (values != null) {
      ObjectNode built = doc.body(op, values, problems);
      body = json.writeValueAsString(built);
    }
    HttpResponse<String> r = check(op, path, body, 0);
    if (r.statusCode() < 300) {
      lastSuccess.put(op, new Sent(path, body));
    }
    return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
  }

  /**
   * Sends one request and checks the answer against the document; {@code expected} 0 means any
   * success, -1 any error, else that status.
   */
  private HttpResponse<String> check(
      String op, String path, @Nullable String body, int expected, String... headers)
      throws Exception {
    String method = op.split(" ", 2)[0];
    HttpResponse<String> r = send(method, path, body, headers);
    String what = op + " " + path + " -> " + r.statusCode();
    if (expected == 0 && r.statusCode() >= 300) {
      problems.add(what + ": expected a success: " + OpenApiDocument.abbreviate(r.body()));
    } else if (expected > 0 && r.statusCode() != expected) {
      problems.add(what + ": expected " + expected + ": " + OpenApiDocument.abbreviate(r.body()));
    }
    (r.statusCode() < 300 ? succeeded : refused).add(op);
    doc.checkResponse(
        op,
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null),
        r.body(),
        problems);
    return r;
  }

  private String create(String name) throws Exception {
    HttpResponse<String> r = send("POST", "/api/tasks", "{\"name\":\"" + name + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).get("id").asString();
  }

  private void post(String path) throws Exception {
    HttpResponse<String> r = send("POST", path, null);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
  }

  /**
   * The change stream never ends by itself: read its first event (a replay from revision 0 ends
   * with 'ready'), check status and media type against the document, and hang up. A malformed
   * Last-Event-ID is a problem detail like any other 400.
   */
  private void exerciseEventStream() throws Exception {
    String op = "GET /api/events";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
            .setHeader("Accept", "text/event-stream")
            .setHeader("Last-Event-ID", "0")
            .GET()
            .build();
    HttpResponse<java.io.InputStream> r =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new ArrayList<>();
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.equals("event:ready")) {
          break;
        }
      }
    }
    String type = r.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].strip();
    if (r.statusCode() != 200 || !lines.contains("event:ready")) {
      problems.add(
          op + " -> " + r.statusCode() + ": expected a stream ending its replay: " + lines);
    }
    if (doc.operation(op)
        .path("responses")
        .path("200")
        .path("content")
        .path(type)
        .isMissingNode()) {
      problems.add(op + " -> 200: media type " + type + " not documented");
    }
    succeeded.add(op);
    check(
        op,
        "/api/events",
        null,
        400,
        "Accept",
        "text/event-stream, application/problem+json",
        "Last-Event-ID",
        "not-a-revision");
  }

  private HttpResponse<String> send(
      String method, String path, @Nullable String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .setHeader("Accept", JSON_OR_PROBLEM);
    if (body != null) {
      request.setHeader("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    request.method(
        method.toUpperCase(Locale.ROOT),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
