package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar, run the two ways a user runs it: {@code java -jar target/auto-dev.jar} and
 * {@code bin/auto-dev} (extracted layout, CDS archive, ahead-of-time-processed context). Runs after
 * packaging, so the ahead-of-time context is exercised exactly as shipped.
 */
class LauncherIT {

  @TempDir Path work;

  record Result(int exit, String out, String err) {}

  private Result run(List<String> command) throws IOException, InterruptedException {
    Path out = work.resolve("out.txt");
    Path err = work.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<String> launcher(String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of("bin/auto-dev").toAbsolutePath().toString());
    c.addAll(List.of(args));
    return c;
  }

  private static List<String> plainJar(String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-jar");
    c.add(Path.of("target/auto-dev.jar").toAbsolutePath().toString());
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void thePackagedJarAndTheFastLauncherShareOneStore() throws Exception {
    Result created = run(plainJar("task", "create", "Test task", "--priority", "high"));
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created task ").contains("'Test task' (pending)");

    // The first launcher run records the CDS archive; later runs use it.
    for (int i = 0; i < 2; i++) {
      Result listed = run(launcher("task", "list", "--json"));
      assertThat(listed.exit()).as(listed.err()).isZero();
      JsonNode doc = JsonMapper.builder().build().readTree(listed.out());
      assertThat(doc.get("tasks").get(0).get("name").asString()).isEqualTo("Test task");
    }
    String id =
        JsonMapper.builder()
            .build()
            .readTree(run(launcher("task", "list", "--json")).out())
            .get("tasks")
            .get(0)
            .get("id")
            .asString();

    Result started = run(launcher("task", "start", id.substring(0, 6)));
    assertThat(started.exit()).as(started.err()).isZero();
    Result refused = run(launcher("task", "retry", id.substring(0, 6)));
    assertThat(refused.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.err()).contains("only failed tasks can be retried");
    Result usage = run(launcher("task", "create"));
    assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("name must not be empty");

    Result resume = run(plainJar("task", "resume", "--json"));
    assertThat(resume.exit()).as(resume.err()).isZero();
    JsonNode report = JsonMapper.builder().build().readTree(resume.out());
    assertThat(report.get("current_task").get("id").asString()).isEqualTo(id);
    assertThat(report.get("last_run").get("outcome").asString()).isEqualTo("clean");
  }
}
