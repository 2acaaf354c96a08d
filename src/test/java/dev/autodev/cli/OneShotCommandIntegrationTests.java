package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import dev.autodev.support.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-shot commands through the real main method in a real child JVM: arguments arrive exactly as
 * given, stdout carries only the result, errors go to stderr, exit codes are 0 / 1 / 2.
 */
class OneShotCommandIntegrationTests {

  @TempDir Path tmp;

  private ChildJvm run(Path home, String... args) throws InterruptedException {
    ChildJvm child = ChildJvm.start(home, List.of(), AutoDevApplication.class.getName(), args);
    child.waitFor(Duration.ofMinutes(2));
    return child;
  }

  @Test
  void aQuotedNameWithSpacesStaysOneNameAndJsonIsTheOnlyOutput() throws Exception {
    Path home = tmp.resolve("store");

    ChildJvm create = run(home, "task", "create", "Test  task \"quoted\"", "--tag", "cli");
    assertThat(create.waitFor(Duration.ofSeconds(1))).as(create.stderr()).isZero();
    assertThat(create.stdout())
        .startsWith("Created task ")
        .endsWith("'Test  task \"quoted\"' (pending)");

    ChildJvm list = run(home, "task", "list", "--json");
    assertThat(list.waitFor(Duration.ofSeconds(1))).isZero();
    JsonNode doc = JsonMapper.builder().build().readTree(list.stdout());
    assertThat(doc.get("count").asInt()).isEqualTo(1);
    JsonNode task = doc.get("tasks").get(0);
    assertThat(task.get("name").asString()).isEqualTo("Test  task \"quoted\"");
    assertThat(task.get("status").asString()).isEqualTo("pending");
    assertThat(task.get("tags").get(0).asString()).isEqualTo("cli");
    assertThat(task.get("created_at").asString()).endsWith("Z");

    String id = task.get("id").asString();
    ChildJvm refused = run(home, "task", "complete", id.substring(0, 6));
    assertThat(refused.waitFor(Duration.ofSeconds(1))).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr())
        .contains("error: task " + id.substring(0, 8))
        .contains("is pending");
  }

  @Test
  void usageErrorsExitWithTwoAndNeverReachSpring() throws Exception {
    Path home = tmp.resolve("store");

    ChildJvm unknown = run(home, "task", "frobnicate");
    assertThat(unknown.waitFor(Duration.ofSeconds(1))).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.stderr()).contains("unknown command 'task frobnicate'");

    // A --spring.* argument is an unknown option of the command, not a Spring property.
    ChildJvm springArg =
        run(home, "task", "create", "x", "--spring.main.web-application-type=servlet");
    assertThat(springArg.waitFor(Duration.ofSeconds(1))).isEqualTo(ExitCodes.USAGE);
    assertThat(springArg.stderr()).contains("unknown option '--spring.main.web-application-type'");
    assertThat(springArg.stdout()).isEmpty();
  }

  @Test
  void aVerdictOfProblemsIsStillTheDocumentOnStdoutWithExitOne() throws Exception {
    Path home = tmp.resolve("store");
    assertThat(run(home, "task", "create", "first").waitFor(Duration.ofSeconds(1))).isZero();
    assertThat(run(home, "task", "create", "second").waitFor(Duration.ofSeconds(1))).isZero();
    Files.writeString(home.resolve("tasks/current.json.bak"), "{ torn", StandardCharsets.UTF_8);

    ChildJvm verify = run(home, "store", "verify", "--json");
    assertThat(verify.waitFor(Duration.ofSeconds(1))).isEqualTo(ExitCodes.FAILURE);
    JsonNode report = JsonMapper.builder().build().readTree(verify.stdout());
    assertThat(report.get("clean").asBoolean()).isFalse();
    assertThat(report.get("problems").get(0).get("file").asString()).isEqualTo("current.json.bak");
    assertThat(verify.stderr()).contains("error: 1 problem found");
  }
}
