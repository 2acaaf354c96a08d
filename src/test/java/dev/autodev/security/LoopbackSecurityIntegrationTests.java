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

  @Test
  void theBoardIsServedWithAStrictContentSecurityPolicyAndNeedsNoLoginHere() throws Exception {
    for (String page : new String[] {"/", "/tasks/3f2a9c1e", "/graph", "/sign-in"}) {
      HttpResponse<String> html = http.get(page, Map.of("Accept", "text/html"));
      assertThat(html.statusCode()).as(page).isEqualTo(200);
      assertThat(html.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      assertThat(html.body()).contains("<script type=\"module\" src=\"/assets/js/app.js\">");
      assertThat(html.headers().firstValue("Content-Security-Policy"))
          .hasValue(ApiSecurityConfiguration.CONTENT_SECURITY_POLICY);
      assertThat(html.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
    assertThat(ApiSecurityConfiguration.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self';")
        .doesNotContain("unsafe");
    HttpResponse<String> script = http.get("/assets/js/app.js", Map.of());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    // Swagger UI injects a style element: only its pages allow inline styles, never scripts.
    assertThat(
            http.get("/swagger-ui/index.html", Map.of())
                .headers()
                .firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("style-src 'self' 'unsafe-inline'")
                    .contains("script-src 'self';"));

    JsonNode session = json.readTree(http.get("/auth/session", Map.of()).body());
    assertThat(session.get("token_required").asBoolean()).isFalse();
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.has("csrf_token")).as("no cookie, so no CSRF token either").isFalse();
  }

  @Test
  void changesFromAnotherSitesPageAreRefusedReadsAndToolsAreNot() throws Exception {
    for (String site : new String[] {"cross-site", "same-site"}) {
      HttpResponse<String> refused =
          http.send(
              "POST",
              "/api/tasks",
              "{\"name\":\"forged " + site + "\"}",
              Map.of("Sec-Fetch-Site", site));
      assertThat(refused.statusCode()).as(site).isEqualTo(403);
      assertThat(json.readTree(refused.body()).get("detail").asString())
          .contains("Sec-Fetch-Site: " + site);
      assertThat(
              http.send("DELETE", "/api/session/focus", null, Map.of("Sec-Fetch-Site", site))
                  .statusCode())
          .isEqualTo(403);
    }
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl"))).doesNotContain("forged");
    for (String site : new String[] {"same-origin", "none"}) {
      assertThat(
              http.send(
                      "POST",
                      "/api/tasks",
                      "{\"name\":\"own page " + site + "\"}",
                      Map.of("Sec-Fetch-Site", site))
                  .statusCode())
          .as(site)
          .isEqualTo(201);
    }
    assertThat(http.get("/api/tasks", Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
        .as("a read: the browser keeps the answer from the other site's page")
        .isEqualTo(200);
  }
}
