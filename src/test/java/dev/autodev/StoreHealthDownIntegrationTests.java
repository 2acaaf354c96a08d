package dev.autodev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store indicator turning the readiness probe off: OUT_OF_SERVICE below the free-disk threshold
 * (here set above any real disk), DOWN when a snapshot file no longer parses; liveness stays UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreHealthDownIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
    registry.add("autodev.health.min-free-disk", () -> "1000000TB");
  }

  @LocalServerPort int port;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void lowDiskIsOutOfServiceAndADamagedFileIsDown() throws Exception {
    Http http = new Http(port);
    assertThat(http.send("POST", "/api/tasks", "{\"name\":\"x\"}", Map.of()).statusCode())
        .isEqualTo(201);

    HttpResponse<String> readiness = http.get("/actuator/health/readiness", Map.of());
    assertThat(readiness.statusCode()).isEqualTo(503);
    JsonNode store = json.readTree(readiness.body()).get("components").get("store");
    assertThat(store.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
    assertThat(store.get("details").get("disk_ok").asBoolean()).isFalse();
    assertThat(http.get("/actuator/health/liveness", Map.of()).statusCode()).isEqualTo(200);

    Path current = home.resolve("tasks/current.json");
    byte[] good = Files.readAllBytes(current);
    Files.writeString(current, "{\"schema_version\":1,\"revis");
    JsonNode down =
        json.readTree(http.get("/actuator/health", Map.of()).body()).get("components").get("store");
    assertThat(down.get("status").asString()).isEqualTo("DOWN");
    assertThat(down.get("details").get("files_valid").asBoolean()).isFalse();
    assertThat(down.get("details").get("files").get("current.json").asString())
        .startsWith("invalid");

    Files.write(current, good);
    JsonNode back =
        json.readTree(http.get("/actuator/health", Map.of()).body()).get("components").get("store");
    assertThat(back.get("details").get("files_valid").asBoolean()).isTrue();
  }
}
