package dev.autodev.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default: bound to 127.0.0.1, no token configured. Local callers need no token; pages in a
 * browser are kept out by the Host and Origin checks; nothing but health, info and metrics is
 * exposed under /actuator; no session cookie, no generated password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoopbackSecurityIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @LocalServerPort int port;

  private Http http;
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void localCallsNeedNoTokenAndGetNoSession() throws Exception {
    HttpResponse<String> created =
        http.send("POST", "/api/tasks", "{\"name\":\"local\"}", Map.of());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(http.get("/actuator/info", Map.of()).statusCode()).isEqualTo(200);
    assertThat(Files.exists(home.resolve("api-token"))).as("no token on loopback").isFalse();
  }

  @Test
  void aForeignHostHeaderIsRefusedWithAProblemDetail() throws Exception {
    String refused = http.rawGet("/api/tasks", "evil.example:" + port);
    assertThat(refused).startsWith("HTTP/1.1 403");
    assertThat(refused).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(refused).contains("\"status\":403").contains("evil.example");
    assertThat(http.rawGet("/actuator/health", "rebound.example")).startsWith("HTTP/1.1 403");

    for (String local : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
      assertThat(http.rawGet("/api/tasks", local)).as(local).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aForeignOriginIsRefusedAndALocalOneAccepted() throws Exception {
    HttpResponse<String> foreign =
        http.send(
            "POST", "/api/tasks", "{\"name\":\"csrf\"}", Map.of("Origin", "https://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(foreign.body());
    assertThat(problem.get("status").asInt()).isEqualTo(403);
    assertThat(problem.get("detail").asString()).contains("evil.example");
    assertThat(http.send("GET", "/api/tasks", null, Map.of("Origin", "null")).statusCode())
        .isEqualTo(403);
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl"))).doesNotContain("csrf");

    assertThat(http.get("/api/tasks", Map.of("Origin", "http://localhost:" + port)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void onlyHealthInfoAndMetricsAreExposed() throws Exception {
    for (String path :
        new String[] {
          "/actuator/env",
          "/actuator/beans",
          "/actuator/heapdump",
          "/actuator/threaddump",
          "/actuator/configprops",
          "/actuator/loggers",
          "/actuator/mappings",
          "/actuator/shutdown"
        }) {
      assertThat(http.get(path, Map.of()).statusCode()).as(path).isEqualTo(404);
    }
    for (String path : new String[] {"/actuator/health", "/actuator/info", "/actuator/metrics"}) {
      assertThat(http.get(path, Map.of()).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void noLoginFormAndNoBasicAuthentication() throws Exception {
    assertThat(http.get("/login", Map.of()).statusCode()).isEqualTo(404);
    HttpResponse<String> basic =
        http.get("/api/tasks", Map.of("Authorization", "Basic dXNlcjpwYXNzd29yZA=="));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json.readTree(basic.body()).get("detail").asString()).contains("Bearer");
  }
}
