package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.TrackerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real "file too large" failure: a child JVM started under {@code ulimit -f} (with SIGXFSZ
 * ignored, so write() returns EFBIG instead of killing the process) grows the store until a save
 * cannot be written. The caller gets a clear error, every file is as it was, no temp file is left,
 * health is DOWN until the next save that fits succeeds, and a process without the limit saves what
 * did not fit.
 */
class FileTooLargeIntegrationTests {

  @TempDir Path tmp;

  @Test
  void aSaveBeyondTheFileSizeLimitFailsCleanlyAndTheNextOneThatFitsSucceeds() throws Exception {
    Path home = tmp.resolve("store");
    Files.createDirectories(home);
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    command.add("ulimit -f 80; trap '' XFSZ; exec \"$@\"");
    command.add("bash");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx256m");
    command.add("-Dautodev.home=" + home);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FileTooLargeChild.class.getName());
    Process child = new ProcessBuilder(command).directory(tmp.toFile()).start();
    String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(err).isZero();

    List<String> lines = out.lines().toList();
    assertThat(lines).as(out + err).anyMatch(l -> l.startsWith("OK "));
    String failed = line(lines, "FAILED ");
    assertThat(failed).startsWith("NO_SPACE").containsIgnoringCase("file too large");
    assertThat(line(lines, "AFTER ")).isEqualTo(line(lines, "BEFORE "));
    assertThat(line(lines, "AFTER ")).doesNotContain(".tmp");
    int created = (int) lines.stream().filter(l -> l.startsWith("OK ")).count();
    assertThat(line(lines, "OPEN ")).isEqualTo(String.valueOf(created));
    List<String> health = lines.stream().filter(l -> l.startsWith("HEALTH ")).toList();
    assertThat(health).containsExactly("HEALTH false", "HEALTH true");
    assertThat(lines).anyMatch(l -> l.startsWith("SMALL "));

    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      assertThat(t.startupRecovery()).isEmpty();
      assertThat(t.openTasks()).hasSize(created + 1);
      t.create(
          new NewTask(
              "fits without the limit",
              "€".repeat(TaskInput.TEXT_MAX),
              null,
              List.of(),
              null,
              List.of()));
      assertThat(ctx.bean(StoreCheck.class).verify().clean()).isTrue();
    }
    assertNoTempFiles(home);
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines))
        .substring(prefix.length());
  }

  private static void assertNoTempFiles(Path home) throws IOException {
    try (var files = Files.walk(home)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
  }
}
