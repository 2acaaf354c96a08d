package dev.autodev.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API and health endpoint over a real HTTP port, on a real data folder. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TaskApiIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
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

  @Test
  void createStartCompleteOverHttpIsDurableAndUsesTheFileShapes() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/tasks",
            "{\"name\":\"Test task\",\"priority\":\"high\",\"tags\":[\"api\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode task = json.readTree(created.body());
    String id = task.get("id").asString();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/tasks/" + id);
    assertThat(task.get("status").asString()).isEqualTo("pending");
    assertThat(task.get("created_at").asString()).endsWith("Z");
    assertThat(Files.readString(home.resolve("tasks/current.json"))).contains(id);

    assertThat(send("GET", "/api/tasks/" + id.substring(0, 8), null).statusCode()).isEqualTo(200);
    JsonNode list = json.readTree(send("GET", "/api/tasks", null).body());
    assertThat(list.get("count").asInt()).isGreaterThanOrEqualTo(1);

    HttpResponse<String> started = send("POST", "/api/tasks/" + id + "/start", null);
    assertThat(json.readTree(started.body()).get("status").asString()).isEqualTo("in_progress");
    HttpResponse<String> done = send("POST", "/api/tasks/" + id + "/complete", "{}");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(json.readTree(done.body()).get("status").asString()).isEqualTo("completed");

    JsonNode resume = json.readTree(send("GET", "/api/session/resume", null).body());
    assertThat(resume.get("completed_this_session").get(0).get("id").asString()).isEqualTo(id);
  }

  @Test
  void errorsAreProblemDetailsWithTheRightStatus() throws Exception {
    HttpResponse<String> missing = send("GET", "/api/tasks/" + java.util.UUID.randomUUID(), null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json.readTree(missing.body()).get("detail").asString()).contains("no task with id");

    HttpResponse<String> badId = send("GET", "/api/tasks/..%2Fetc", null);
    assertThat(badId.statusCode()).isBetween(400, 404);

    HttpResponse<String> blank = send("POST", "/api/tasks", "{\"name\":\"  \"}");
    assertThat(blank.statusCode()).isEqualTo(400);

    HttpResponse<String> garbage = send("POST", "/api/tasks", "{not json");
    assertThat(garbage.statusCode()).isEqualTo(400);

    String id =
        json.readTree(send("POST", "/api/tasks", "{\"name\":\"pending one\"}").body())
            .get("id")
            .asString();
    HttpResponse<String> conflict = send("POST", "/api/tasks/" + id + "/complete", null);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json.readTree(conflict.body()).get("detail").asString()).contains("is pending");

    HttpResponse<String> noReason = send("POST", "/api/tasks/" + id + "/fail", "{}");
    assertThat(noReason.statusCode()).isEqualTo(400);
  }

  @Test
  void healthReportsTheStore() throws Exception {
    HttpResponse<String> health = send("GET", "/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(health.body());
    assertThat(body.get("status").asString()).isEqualTo("UP");
    JsonNode store = body.get("components").get("store");
    assertThat(store.get("status").asString()).isEqualTo("UP");
    assertThat(store.get("details").get("lock_obtainable").asBoolean()).isTrue();
  }
}
