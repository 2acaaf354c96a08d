package dev.autodev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Actuator over a real port: the store indicator and the readiness/liveness groups, the info
 * sections (build, store, history), and the metrics that count changes, saves, lock waits and
 * queries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorIntegrationTests {

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

  private JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> response = http.get(path, Map.of());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
    return json.readTree(response.body());
  }

  private String createAndComplete(String name) throws Exception {
    HttpResponse<String> created =
        http.send("POST", "/api/tasks", "{\"name\":\"" + name + "\"}", Map.of());
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json.readTree(created.body()).get("id").asString();
    assertThat(http.send("POST", "/api/tasks/" + id + "/start", null, Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(http.send("POST", "/api/tasks/" + id + "/complete", "{}", Map.of()).statusCode())
        .isEqualTo(200);
    return id;
  }

  @Test
  void healthReportsEveryStoreCheckAndTheProbeGroups() throws Exception {
    createAndComplete("health");
    JsonNode health = get("/actuator/health", 200);
    assertThat(health.get("status").asString()).isEqualTo("UP");
    JsonNode store = health.get("components").get("store");
    assertThat(store.get("status").asString()).isEqualTo("UP");
    JsonNode d = store.get("details");
    assertThat(d.get("folder").asString()).isEqualTo(home.toAbsolutePath().normalize().toString());
    assertThat(d.get("writable").asBoolean()).isTrue();
    assertThat(d.get("lock_obtainable").asBoolean()).isTrue();
    assertThat(d.get("files_valid").asBoolean()).isTrue();
    assertThat(d.get("files").get("current.json").asString()).isEqualTo("valid");
    assertThat(d.get("files").get("memory.json").asString()).isIn("valid", "absent");
    assertThat(d.get("last_save_ok").asBoolean()).isTrue();
    assertThat(d.get("saves").asLong()).isPositive();
    assertThat(d.get("free_bytes").asLong()).isPositive();
    assertThat(d.get("min_free_bytes").asLong()).isEqualTo(100L * 1024 * 1024);
    assertThat(d.get("disk_ok").asBoolean()).isTrue();

    JsonNode readiness = get("/actuator/health/readiness", 200);
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(names(readiness.get("components")))
        .containsExactlyInAnyOrder("readinessState", "store");
    JsonNode liveness = get("/actuator/health/liveness", 200);
    assertThat(liveness.get("status").asString()).isEqualTo("UP");
    assertThat(names(liveness.get("components"))).containsExactly("livenessState");
  }

  @Test
  void infoTellsVersionFolderSessionRevisionAndCounts() throws Exception {
    createAndComplete("archived for info");
    http.send("POST", "/api/tasks", "{\"name\":\"still pending\"}", Map.of());
    JsonNode info = get("/actuator/info", 200);
    assertThat(info.get("build").get("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(info.get("build").get("artifact").asString()).isEqualTo("auto-dev");
    JsonNode store = info.get("store");
    assertThat(store.get("folder").asString())
        .isEqualTo(home.toAbsolutePath().normalize().toString());
    assertThat(store.get("session_id").asString()).matches("[0-9a-f-]{36}");
    assertThat(store.get("revision").asLong()).isGreaterThanOrEqualTo(4);
    JsonNode open = store.get("open_tasks");
    assertThat(open.get("pending").asLong()).isPositive();
    assertThat(open.get("in_progress").asLong()).isNotNegative();
    assertThat(open.get("total").asLong())
        .isEqualTo(open.get("pending").asLong() + open.get("in_progress").asLong());
    assertThat(info.get("history").get("archived").asLong()).isPositive();
  }

  @Test
  void metricsCountChangesSavesLockWaitsAndQueries() throws Exception {
    List<String> names = new ArrayList<>();
    get("/actuator/metrics", 200).get("names").forEach(n -> names.add(n.asString()));
    assertThat(names)
        .contains(
            "autodev.changes",
            "autodev.saves",
            "autodev.save.failures",
            "autodev.lock.waits",
            "autodev.queries");

    double created = value("autodev.changes?tag=kind:task_created", "COUNT");
    double completed = value("autodev.changes?tag=kind:task_completed", "COUNT");
    double saves = value("autodev.saves", "COUNT");
    double saveTime = value("autodev.saves", "TOTAL_TIME");
    double lockWaits = value("autodev.lock.waits", "COUNT");
    double historyQueries = value("autodev.queries?tag=query:history", "COUNT");

    createAndComplete("metrics one");
    createAndComplete("metrics two");
    assertThat(get("/api/history?limit=5", 200).get("count").asInt()).isPositive();

    assertThat(value("autodev.changes?tag=kind:task_created", "COUNT")).isEqualTo(created + 2);
    assertThat(value("autodev.changes?tag=kind:task_completed", "COUNT")).isEqualTo(completed + 2);
    assertThat(value("autodev.saves", "COUNT")).isGreaterThanOrEqualTo(saves + 6);
    assertThat(value("autodev.saves", "TOTAL_TIME")).isGreaterThan(saveTime);
    assertThat(value("autodev.lock.waits", "COUNT")).isGreaterThanOrEqualTo(lockWaits + 6);
    assertThat(value("autodev.queries?tag=query:history", "COUNT")).isEqualTo(historyQueries + 1);
    assertThat(value("autodev.save.failures", "COUNT")).isZero();
  }

  private double value(String metric, String statistic) throws Exception {
    JsonNode m = get("/actuator/metrics/" + metric, 200);
    for (JsonNode measurement : m.get("measurements")) {
      if (measurement.get("statistic").asString().equals(statistic)) {
        return measurement.get("value").asDouble();
      }
    }
    throw new AssertionError(metric + " has no " + statistic + ": " + m);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.propertyNames().forEach(names::add);
    return names;
  }
}
