package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodev.AutoDevApplication;
import dev.autodev.support.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell in a real JVM, typed at through its stdin: commands behave as one-shot ones
 * do, errors are one line, the REST API listens on loopback while the shell runs, and the history
 * of what was typed is private to its owner.
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
    Path history = home.resolve("shell-history");
    assertThat(Files.readString(history)).contains("task create Write the \"shell\" test");
    if (posix(history)) {
      assertThat(mode(history)).as("created owner-only, whatever the umask").isEqualTo("rw-------");
    }
  }

  @Test
  void aShellHistoryOthersCanReadIsMadePrivateBeforeAnythingIsTyped() throws Exception {
    Path home = tmp.resolve("store");
    Path history = home.resolve("shell-history");
    Files.createDirectories(home);
    Files.writeString(history, "1796468277303:memory set apikey s3cr3t\n");
    assumeTrue(posix(history));
    Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-rw-rw-"));
    try (ChildJvm shell =
        ChildJvm.start(home, List.of("-Dserver.port=0"), AutoDevApplication.class.getName())) {
      assertThat(shell.nextLine(Duration.ofMinutes(1))).startsWith("auto-dev tasks");
      assertThat(shell.nextLine(Duration.ofSeconds(5)))
          .isEqualTo(
              "Made "
                  + history
                  + " private to you (it was mode 0666): it records the commands you type.");
      assertThat(mode(history)).isEqualTo("rw-------");
      shell.send("memory set token another");
      shell.send("exit");
      assertThat(shell.waitFor(Duration.ofMinutes(1))).as(shell.stderr()).isZero();
    }
    assertThat(Files.readString(history))
        .startsWith("1796468277303:memory set apikey s3cr3t\n")
        .contains(":memory set token another");
    assertThat(mode(history)).isEqualTo("rw-------");
  }

  private static boolean posix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
