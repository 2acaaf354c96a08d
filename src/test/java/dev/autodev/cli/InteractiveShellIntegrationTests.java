package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import dev.autodev.support.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell in a real JVM, typed at through its stdin: commands behave as one-shot ones
 * do, errors are one line, and the REST API listens on loopback while the shell runs.
 */
class InteractiveShellIntegrationTests {

  @TempDir Path tmp;

  @Test
  void shellRunsCommandsAndServesTheApiAtTheSameTime() throws Exception {
    Path home = tmp.resolve("store");
    try (ChildJvm shell =
        ChildJvm.start(home, List.of("-Dserver.port=0"), AutoDevApplication.class.getName())) {
      String api = null;
      for (int i = 0; i < 5 && api == null; i++) {
        Matcher m =
            Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(shell.nextLine(Duration.ofMinutes(1)));
        if (m.find()) {
          api = m.group();
        }
      }
      assertThat(api).as("the shell announces its API address").isNotNull();

      shell.send("task create Write the \"shell\" test");
      shell.send("task bogus");
      shell.send("task list --json");
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "/actuator/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      shell.send("exit");
      assertThat(shell.waitFor(Duration.ofMinutes(1))).as(shell.stderr()).isZero();

      assertThat(shell.stdout())
          .contains("Created task ")
          .contains("'Write the shell test' (pending)")
          .contains("error: unknown command 'task bogus'")
          .contains("\"name\" : \"Write the shell test\"")
          .contains("Bye.");
    }
  }
}
