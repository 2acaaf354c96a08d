package dev.autodev.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import dev.autodev.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
 * The planning operations over real HTTP and through the real command runner, on one data folder:
 * each {@code --json} document equals what the REST API returns, and mistakes get the right status
 * and exit code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlanApiIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @LocalServerPort int port;
  @Autowired CommandRunner commands;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void dependenciesReadyAndBlockedOverHttpAndTheShell() throws Exception {
    String schema = create("{\"name\":\"Schema\",\"priority\":\"high\"}");
    String migration = create("{\"name\":\"Migration\",\"depends_on\":[\"" + schema + "\"]}");
    String deploy = create("{\"name\":\"Deploy\"}");

    HttpResponse<String> added =
        send(
            "POST",
            "/api/tasks/" + deploy + "/dependencies",
            "{\"depends_on\":\"" + migration + "\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    JsonNode deps = json.readTree(added.body());
    assertThat(deps.get("task").get("id").asString()).isEqualTo(deploy);
    assertThat(deps.get("blocked").asBoolean()).isTrue();
    assertThat(deps.get("depends_on").get(0).get("id").asString()).isEqualTo(migration);
    assertThat(deps.get("depends_on").get(0).get("status").asString()).isEqualTo("pending");
    assertThat(cliJson("task", "deps", deploy.substring(0, 8), "--json"))
        .isEqualTo(getJson("/api/tasks/" + deploy + "/dependencies"));

    // A cycle: 409 naming it, over HTTP; exit code 1 in the shell; a self-edge is bad input.
    HttpResponse<String> cycle =
        send(
            "POST",
            "/api/tasks/" + schema + "/dependencies",
            "{\"depends_on\":[\"" + deploy + "\"]}");
    assertThat(cycle.statusCode()).isEqualTo(409);
    JsonNode problem = json.readTree(cycle.body());
    assertThat(problem.get("detail").asString()).contains("would close the cycle");
    assertThat(problem.get("cycle").values())
        .extracting(JsonNode::asString)
        .containsExactly(schema, deploy, migration, schema);
    CommandRunner.Outcome refused = cli("task", "depend", schema.substring(0, 6), "--on", deploy);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.error()).contains("would close the cycle " + schema.substring(0, 8) + " → ");
    assertThat(cli("task", "depend", schema, "--on", schema).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(
            send("POST", "/api/tasks/" + schema + "/dependencies", "{\"depends_on\":[]}")
                .statusCode())
        .isEqualTo(400);

    JsonNode blocked = getJson("/api/tasks/blocked");
    assertThat(ids(blocked.get("blocked"), "task")).contains(migration, deploy);
    assertThat(cliJson("task", "blocked", "--json")).isEqualTo(blocked);
    CommandRunner.Outcome start = cli("task", "start", deploy);
    assertThat(start.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(start.error()).contains("is blocked by task " + migration.substring(0, 8));

    JsonNode ready = getJson("/api/tasks/ready");
    assertThat(ids(ready.get("ready"), "task")).contains(schema).doesNotContain(migration, deploy);
    assertThat(cliJson("task", "ready", "--json")).isEqualTo(ready);
    JsonNode next = getJson("/api/tasks/next");
    JsonNode cliNext = cliJson("task", "next", "--json");
    assertThat(cliNext.get("task")).isEqualTo(next.get("task"));
    assertThat(cliNext.get("command")).isEqualTo(next.get("command"));
    assertThat(next.get("reason").asString()).contains("priority");
    assertThat(cliText("task", "next")).contains("Why:  ").contains("Run:  task start");

    HttpResponse<String> removed =
        send("DELETE", "/api/tasks/" + deploy + "/dependencies/" + migration, null);
    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(json.readTree(removed.body()).get("blocked").asBoolean()).isFalse();
    assertThat(
            send("DELETE", "/api/tasks/" + deploy + "/dependencies/" + migration, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(cli("task", "undepend", deploy, "--on", migration).exitCode())
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(cliText("task", "depend", deploy, "--on", schema + "," + migration))
        .contains("is blocked")
        .contains("'Schema' (pending)")
        .contains("'Migration' (pending)");
  }

  @Test
  void contextUpdatesOverHttpAndTheShell() throws Exception {
    String id = create("{\"name\":\"Refactor\"}");

    HttpResponse<String> decided =
        send(
            "POST",
            "/api/tasks/" + id + "/context",
            "{\"kind\":\"decision\",\"value\":\"Use async pattern\"}");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    assertThat(json.readTree(decided.body()).get("context").get("decisions").get(0).asString())
        .isEqualTo("Use async pattern");
    assertThat(cli("task", "files", id, "--add", "src/A.java", "--add", "src/B.java").exitCode())
        .isZero();
    assertThat(cli("task", "note", id, "check", "the", "benchmarks").exitCode()).isZero();
    // A bad entry among good ones: refused before any is recorded.
    assertThat(cli("task", "files", id, "--add", "src/C.java," + "x".repeat(2_001)).exitCode())
        .isEqualTo(ExitCodes.USAGE);

    JsonNode context = getJson("/api/tasks/" + id + "/context");
    assertThat(context.get("files_modified").values())
        .extracting(JsonNode::asString)
        .containsExactly("src/A.java", "src/B.java");
    assertThat(context.get("notes").get(0).asString()).isEqualTo("check the benchmarks");
    assertThat(cliText("task", "show", id))
        .contains("decision:   Use async pattern")
        .contains("context_note");

    assertThat(
            send("POST", "/api/tasks/" + id + "/context", "{\"kind\":\"mood\",\"value\":\"x\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(send("POST", "/api/tasks/" + id + "/context", "{\"kind\":\"note\"}").statusCode())
        .isEqualTo(400);
    send("POST", "/api/tasks/" + id + "/start", null);
    send("POST", "/api/tasks/" + id + "/complete", null);
    assertThat(
            send("POST", "/api/tasks/" + id + "/context", "{\"kind\":\"note\",\"value\":\"late\"}")
                .statusCode())
        .isEqualTo(409);
  }

  @Test
  void focusTreeAndFiltersOverHttpAndTheShell() throws Exception {
    String epic = create("{\"name\":\"Epic\",\"tags\":[\"plan-it\"],\"priority\":\"high\"}");
    String step =
        create("{\"name\":\"Step\",\"parent_id\":\"" + epic + "\",\"tags\":[\"plan-it\",\"db\"]}");
    CommandRunner.Outcome viaCli =
        cli(
            "task",
            "create",
            "Sub step",
            "--parent",
            step,
            "--tag",
            "plan-it",
            "--tag",
            "db",
            "--depends-on",
            epic.substring(0, 8) + "," + step);
    assertThat(viaCli.exitCode()).as(viaCli.error()).isZero();
    JsonNode listed = cliJson("task", "list", "--tag", "plan-it", "--tag", "db", "--json");
    assertThat(ids(listed.get("tasks"), null)).hasSize(2).contains(step);
    String sub = listed.get("tasks").get(1).get("id").asString();
    assertThat(listed.get("tasks").get(1).get("depends_on").values()).hasSize(2);
    assertThat(getJson("/api/tasks?tag=plan-it&priority=high").get("tasks").values())
        .extracting(t -> t.get("id").asString())
        .containsExactly(epic);
    assertThat(cli("task", "list", "--priority", "urgent").exitCode()).isEqualTo(ExitCodes.USAGE);

    HttpResponse<String> focused =
        send("PUT", "/api/session/focus", "{\"task_id\":\"" + step + "\"}");
    assertThat(focused.statusCode()).as(focused.body()).isEqualTo(200);
    JsonNode scope = json.readTree(focused.body());
    assertThat(scope.get("current_task").get("id").asString()).isEqualTo(step);
    assertThat(ids(scope.get("scope"), null)).containsExactly(epic, step);
    assertThat(cliJson("task", "focus", "--json")).isEqualTo(getJson("/api/session/focus"));
    assertThat(cliText("task", "focus")).contains("Scope: " + epic.substring(0, 8) + " 'Epic' › ");

    JsonNode tree = getJson("/api/tasks/" + epic + "/tree");
    assertThat(tree.get("count").asInt()).isEqualTo(3);
    JsonNode stepNode = tree.get("roots").get(0).get("children").get(0);
    assertThat(stepNode.get("current").asBoolean()).isTrue();
    assertThat(stepNode.get("children").get(0).get("id").asString()).isEqualTo(sub);
    assertThat(stepNode.get("children").get(0).get("blocked").asBoolean()).isTrue();
    assertThat(cliJson("task", "tree", epic, "--json")).isEqualTo(tree);
    assertThat(cliText("task", "tree", epic))
        .contains("└─ " + step.substring(0, 8) + "  pending  Step  ← current")
        .contains("   └─ " + sub.substring(0, 8) + "  pending  Sub step  (blocked)");

    send("POST", "/api/tasks/" + epic + "/start", "{\"force\":true}");
    assertThat(cliText("task", "complete", epic, "--force"))
        .contains("still open: task " + step.substring(0, 8) + " 'Step'");
    JsonNode cleared = json.readTree(send("DELETE", "/api/session/focus", null).body());
    assertThat(cleared.has("current_task")).isTrue();
    assertThat(cleared.get("current_task").isNull()).isTrue();
    assertThat(cliText("task", "focus")).isEqualTo("No current task.\n");
    assertThat(send("PUT", "/api/session/focus", "{\"task_id\":\"" + epic + "\"}").statusCode())
        .as("a completed task cannot be focused")
        .isEqualTo(409);
  }

  // ---------------------------------------------------------------- helpers

  private String create(String body) throws Exception {
    HttpResponse<String> created = send("POST", "/api/tasks", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asString();
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, @Nullable String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private CommandRunner.Outcome cli(String... words) {
    return commands.run(List.of(words), new PrintWriter(new StringWriter()));
  }

  private String cliText(String... words) {
    StringWriter out = new StringWriter();
    CommandRunner.Outcome outcome = commands.run(List.of(words), new PrintWriter(out, true));
    assertThat(outcome.exitCode()).as(outcome.error()).isZero();
    return out.toString();
  }

  private JsonNode cliJson(String... words) {
    return json.readTree(cliText(words));
  }

  private static List<String> ids(JsonNode array, @Nullable String inner) {
    List<String> ids = new ArrayList<>();
    for (JsonNode n : array.values()) {
      ids.add((inner == null ? n : n.get(inner)).get("id").asString());
    }
    return ids;
  }
}
