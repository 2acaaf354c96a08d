package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.FaultyFileSystem;
import dev.autodev.support.FaultyFileSystem.Op;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failing disk seen over HTTP: a full disk answers 507 and any other I/O error 503, each with a
 * problem detail; health is DOWN until a later save succeeds; nothing half-done is visible.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WriteFailureApiIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @TestConfiguration
  static class FailingDisk {
    @Bean
    @Primary
    FaultyFileSystem storeFileSystemUnderTest() {
      return new FaultyFileSystem();
    }
  }

  @LocalServerPort int port;
  @Autowired FaultyFileSystem fs;

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
  void aFullDiskIs507AnIoErrorIs503AndHealthIsDownUntilASaveSucceeds() throws Exception {
    assertThat(send("POST", "/api/tasks", "{\"name\":\"before\"}").statusCode()).isEqualTo(201);

    fs.failAlways(Op.WRITE, p -> true).withMessage("No space left on device").shortWrites();
    HttpResponse<String> full = send("POST", "/api/tasks", "{\"name\":\"lost\"}");
    assertThat(full.statusCode()).isEqualTo(507);
    assertThat(full.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(full.body());
    assertThat(problem.get("title").asString()).isEqualTo("Insufficient Storage");
    assertThat(problem.get("detail").asString()).contains("no space left");
    assertHealth(503, "DOWN");

    fs.disarm();
    fs.failAlways(Op.FSYNC, p -> true).withMessage("Input/output error");
    HttpResponse<String> io = send("POST", "/api/tasks", "{\"name\":\"lost too\"}");
    assertThat(io.statusCode()).isEqualTo(503);
    assertThat(json.readTree(io.body()).get("detail").asString()).contains("Input/output error");
    assertHealth(503, "DOWN");
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }

    fs.disarm();
    assertThat(send("POST", "/api/tasks", "{\"name\":\"after\"}").statusCode()).isEqualTo(201);
    assertHealth(200, "UP");
    JsonNode list = json.readTree(send("GET", "/api/tasks", null).body());
    assertThat(list.get("tasks").findValuesAsString("name")).containsExactly("before", "after");
  }

  private void assertHealth(int status, String state) throws Exception {
    HttpResponse<String> health = send("GET", "/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(status);
    assertThat(json.readTree(health.body()).get("components").get("store").get("status").asString())
        .isEqualTo(state);
  }
}
