package dev.autodev.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.AutoDevApplication;
import dev.autodev.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bound beyond loopback with no token configured: a token is generated into an owner-only file at
 * the first start and reused after; every call but health needs it. A configured token works the
 * same on loopback, and a token too short to be safe stops the start-up with a clear message.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=0.0.0.0")
class TokenSecurityIntegrationTests {

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

  private String token() throws Exception {
    return Files.readString(home.resolve("api-token")).trim();
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Test
  void aTokenIsGeneratedIntoAnOwnerOnlyFileAndReused() throws Exception {
    Path file = home.resolve("api-token");
    assertThat(file).exists();
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    String token = token();
    assertThat(token).hasSizeGreaterThanOrEqualTo(40);

    // A second start on the same folder (another server, here on a free port) uses the same one.
    try (ConfigurableApplicationContext second =
        start(Map.of("server.address", "0.0.0.0", "autodev.home", home.toString()))) {
      assertThat(token()).isEqualTo(token);
      Http other = new Http(port(second));
      assertThat(other.get("/api/tasks", bearer(token)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void apiCallsWithoutTheTokenOrWithAWrongOneAre401ProblemDetails() throws Exception {
    HttpResponse<String> none = http.send("POST", "/api/tasks", "{\"name\":\"anon\"}", Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(none.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(none.body());
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("detail").asString()).contains("Bearer");

    HttpResponse<String> wrong =
        http.send("POST", "/api/tasks", "{\"name\":\"wrong\"}", bearer(token().substring(1) + "x"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json.readTree(wrong.body()).get("detail").asString()).contains("not this server");
    assertThat(
            Files.exists(home.resolve("tasks/journal.jsonl"))
                ? Files.readString(home.resolve("tasks/journal.jsonl"))
                : "")
        .doesNotContain("anon")
        .doesNotContain("wrong");

    HttpResponse<String> ok =
        http.send("POST", "/api/tasks", "{\"name\":\"with token\"}", bearer(token()));
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void healthStaysOpenAndInfoAndMetricsNeedTheToken() throws Exception {
    HttpResponse<String> open = http.get("/actuator/health", Map.of());
    assertThat(open.statusCode()).isEqualTo(200);
    JsonNode status = json.readTree(open.body());
    assertThat(status.get("status").asString()).isEqualTo("UP");
    assertThat(status.has("components")).as("no details without the token").isFalse();
    JsonNode detailed = json.readTree(http.get("/actuator/health", bearer(token())).body());
    assertThat(detailed.get("components").get("store").get("details").get("folder").asString())
        .isEqualTo(home.toAbsolutePath().normalize().toString());
    assertThat(http.get("/actuator/health/readiness", Map.of()).statusCode()).isEqualTo(200);
    assertThat(http.get("/actuator/health/liveness", Map.of()).statusCode()).isEqualTo(200);
    for (String path : new String[] {"/actuator/info", "/actuator/metrics", "/actuator/env"}) {
      assertThat(http.get(path, Map.of()).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(http.get("/actuator/info", bearer(token())).statusCode()).isEqualTo(200);
    assertThat(http.get("/actuator/metrics", bearer(token())).statusCode()).isEqualTo(200);
    assertThat(http.get("/actuator/env", bearer(token())).statusCode()).isEqualTo(404);
  }

  @Test
  void aConfiguredTokenIsRequiredOnLoopbackToo(@TempDir Path other) throws Exception {
    String configured = "configured-token-0123456789";
    try (ConfigurableApplicationContext app =
        start(Map.of("autodev.api.token", configured, "autodev.home", other.toString()))) {
      Http local = new Http(port(app));
      assertThat(local.get("/api/tasks", Map.of()).statusCode()).isEqualTo(401);
      assertThat(local.get("/api/tasks", bearer("configured-token-012345678X")).statusCode())
          .isEqualTo(401);
      assertThat(local.get("/api/tasks", bearer(configured)).statusCode()).isEqualTo(200);
      assertThat(local.get("/actuator/health", Map.of()).statusCode()).isEqualTo(200);
      assertThat(other.resolve("api-token")).doesNotExist();
    }
  }

  @Test
  void aTooShortTokenStopsTheStartWithAClearMessage(@TempDir Path other) {
    assertThatThrownBy(
            () -> start(Map.of("autodev.api.token", "short", "autodev.home", other.toString())))
        .hasStackTraceContaining("autodev.api.token must be at least 16");
  }

  /** Starts another server; settings as arguments, so they win over ./application.yml. */
  private static ConfigurableApplicationContext start(Map<String, Object> properties) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new SpringApplicationBuilder(AutoDevApplication.class).run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void theBoardsLoginSetsAnHttpOnlyCookieWhoseChangesNeedTheCsrfToken() throws Exception {
    String token = token();
    assertThat(http.get("/", Map.of()).statusCode()).as("the page itself is open").isEqualTo(200);
    assertThat(http.get("/api/tasks", Map.of()).statusCode()).isEqualTo(401);
    JsonNode anonymous = json.readTree(http.get("/auth/session", Map.of()).body());
    assertThat(anonymous.get("token_required").asBoolean()).isTrue();
    assertThat(anonymous.get("authenticated").asBoolean()).isFalse();

    HttpResponse<String> wrong =
        http.send("POST", "/auth/login", "{\"token\":\"not-the-token-at-all\"}", Map.of());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json.readTree(wrong.body()).get("detail").asString())
        .isEqualTo("that is not this server's API token");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> login =
        http.send("POST", "/auth/login", "{\"token\":\"" + token + "\"}", Map.of());
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("autodev_session=")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/")
        .doesNotContain("Secure"); // plain HTTP here; over HTTPS the cookie is Secure
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = json.readTree(login.body()).get("csrf_token").asString();
    assertThat(csrf).hasSizeGreaterThanOrEqualTo(40);
    assertThat(login.body()).doesNotContain(token);

    JsonNode session = json.readTree(http.get("/auth/session", Map.of("Cookie", cookie)).body());
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.get("csrf_token").asString()).isEqualTo(csrf);
    assertThat(http.get("/api/tasks", Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);

    HttpResponse<String> noToken =
        http.send("POST", "/api/tasks", "{\"name\":\"forged\"}", Map.of("Cookie", cookie));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(json.readTree(noToken.body()).get("detail").asString()).contains("X-CSRF-Token");
    Map<String, String> wrongToken = Map.of("Cookie", cookie, "X-CSRF-Token", csrf + "x");
    assertThat(http.send("POST", "/api/tasks", "{\"name\":\"forged\"}", wrongToken).statusCode())
        .isEqualTo(403);
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl"))).doesNotContain("forged");

    Map<String, String> page = Map.of("Cookie", cookie, "X-CSRF-Token", csrf);
    assertThat(http.send("POST", "/api/tasks", "{\"name\":\"from the board\"}", page).statusCode())
        .isEqualTo(201);
    assertThat(
            http.send("POST", "/api/tasks", "{\"name\":\"from a script\"}", bearer(token))
                .statusCode())
        .as("a bearer token needs no CSRF token: browsers never send one on their own")
        .isEqualTo(201);

    HttpResponse<java.io.InputStream> events =
        java.net.http.HttpClient.newHttpClient()
            .sendAsync(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/events"))
                    .header("Cookie", cookie)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream())
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    events.body().close(); // the stream never ends by itself

    assertThat(http.send("POST", "/auth/logout", "{}", Map.of("Cookie", cookie)).statusCode())
        .as("logging out is a change too")
        .isEqualTo(403);
    HttpResponse<String> logout = http.send("POST", "/auth/logout", "{}", page);
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(
            v -> assertThat(v).startsWith("autodev_session=;").contains("Max-Age=0"));
    assertThat(http.get("/api/tasks", Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
  }
}
