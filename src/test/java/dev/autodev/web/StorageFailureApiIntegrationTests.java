package dev.autodev.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.store.StoreFileSystem;
import dev.autodev.support.FaultyFileSystem;
import dev.autodev.support.FaultyFileSystem.Op;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * A store that cannot save, seen over HTTP: a full disk is 507, any other I/O failure 503, each a
 * problem detail with the store's error code, and the API works again once the disk does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageFailureApiIntegrationTests {

  static final FaultyFileSystem DISK = new FaultyFileSystem();

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class FailingDisk {
    @Bean
    @Primary
    StoreFileSystem faultyFileSystem() {
      return DISK;
    }
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @AfterEach
  void disarm() {
    DISK.disarm();
  }

  private HttpResponse<String> create(String name) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFullDiskIs507AndAnyOtherWriteFailure503AsProblemDetails() throws Exception {
    DISK.failAlways(Op.WRITE, p -> true).withMessage("No space left on device");
    HttpResponse<String> full = create("Full disk");
    assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
    assertThat(full.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(full.body());
    assertThat(problem.get("error_code").asString()).isEqualTo("no_space");
    assertThat(problem.get("detail").asString()).contains("no space left");

    DISK.failAlways(Op.FSYNC, p -> true).withMessage("Input/output error");
    HttpResponse<String> broken = create("Broken disk");
    assertThat(broken.statusCode()).as(broken.body()).isEqualTo(503);
    assertThat(json.readTree(broken.body()).get("error_code").asString()).isEqualTo("io_error");

    DISK.disarm();
    assertThat(create("Disk is back").statusCode()).isEqualTo(201);
  }
}
