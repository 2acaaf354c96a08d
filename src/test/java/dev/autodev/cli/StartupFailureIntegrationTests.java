package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import dev.autodev.store.ChecksummedDocument;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.NewTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails — a data folder that cannot be created, a file a newer auto-dev wrote, a
 * setting that does not parse, an API token file others can read — in every way in (one-shot,
 * interactive shell, serve), through the real main method in real child JVMs: exactly one {@code
 * error:} line on stderr, nothing on stdout, exit status 1, no stack trace unless asked for.
 */
class StartupFailureIntegrationTests {

  @TempDir Path tmp;

  /** One child JVM to start, and the one line it must print: its start and its end. */
  private record Start(
      Path home, List<String> options, List<String> args, String from, String to) {}

  @Test
  void everyFailedStartIsOneErrorLineAndExitOne() throws Exception {
    Path notAFolder = tmp.resolve("not-a-folder");
    Files.writeString(notAFolder, "a regular file where the data folder should be");
    Path newer = tmp.resolve("newer");
    try (TrackerContext store = TrackerContext.open(newer)) {
      store.tracker().create(NewTask.named("x"));
    }
    Path current = newer.resolve("tasks/current.json");
    // A snapshot as a newer auto-dev writes it: another version, and its checksum holds.
    String newerJson =
        new String(
            ChecksummedDocument.seal(
                Files.readString(current)
                    .replaceFirst("\"schema_version\" : \\d+", "\"schema_version\" : 99")
                    .replaceFirst("\"checksum\" : \"[0-9a-f]{8}\"", "\"checksum\" : \"00000000\"")
                    .getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    Files.writeString(current, newerJson, StandardCharsets.UTF_8);
    Path fine = tmp.resolve("fine");
    Path openToken = tmp.resolve("open-token");
    Files.createDirectories(openToken);
    Path tokenFile = openToken.resolve("api-token");
    Files.writeString(tokenFile, "0123456789abcdef0123456789abcdef\n");
    boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
    }

    String refused = "error: storage error (unsupported_schema): " + current;
    String versions =
        " was written by a newer auto-dev (schema_version 99, this version reads up to 2);"
            + " upgrade auto-dev to use this data folder";
    List<String> list = List.of("task", "list");
    List<Start> starts =
        new ArrayList<>(
            List.of(
                new Start(
                    notAFolder,
                    List.of(),
                    list,
                    "error: storage error (io_error): could not create the data folder "
                        + notAFolder.resolve("tasks/history"),
                    ": Not a directory"),
                new Start(newer, List.of(), list, refused, versions),
                new Start(newer, List.of("-Dserver.port=0"), List.of(), refused, versions),
                new Start(newer, List.of("-Dserver.port=0"), List.of("serve"), refused, versions),
                new Start(
                    fine,
                    List.of("-Dautodev.lock-timeout=abc"),
                    list,
                    "error: invalid setting autodev.lock-timeout = \"abc\" (from ",
                    "): 'abc' is not a valid duration"),
                new Start(
                    fine,
                    List.of("-Dautodev.history.query-threads=-1"),
                    list,
                    "error: invalid setting autodev.history.query-threads = \"-1\" (from ",
                    "): must be greater than or equal to 0")));
    if (posix) {
      starts.add(
          new Start(
              openToken,
              List.of("-Dserver.address=0.0.0.0", "-Dserver.port=0"),
              List.of("serve"),
              "error: the API token file " + tokenFile + " is open to other users (mode 0644)",
              "make it private: chmod 600 " + tokenFile + ")"));
    }

    // Started together: each fails within its start, so together they cost a JVM start or two.
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (Start s : starts) {
        children.add(
            ChildJvm.start(
                s.home(),
                s.options(),
                AutoDevApplication.class.getName(),
                s.args().toArray(String[]::new)));
      }
      for (int i = 0; i < starts.size(); i++) {
        Start s = starts.get(i);
        ChildJvm child = children.get(i);
        String what = String.join(" ", s.args()) + " " + s.options() + " on " + s.home();
        assertThat(child.waitFor(Duration.ofMinutes(2)))
            .as("%s exits 1; stderr:%n%s", what, child.stderr())
            .isEqualTo(ExitCodes.FAILURE);
        assertThat(child.stderr().lines().toList())
            .as("%s: one line on stderr", what)
            .singleElement()
            .satisfies(line -> assertThat(line).startsWith(s.from()).endsWith(s.to()));
        assertThat(child.stdout()).as("%s: nothing on stdout", what).isEmpty();
      }
    } finally {
      for (ChildJvm c : children) {
        c.close();
      }
    }
    assertThat(Files.readString(current))
        .as("the newer file is left as it was")
        .isEqualTo(newerJson);
  }

  @Test
  void theStackTraceIsThereWhenAskedFor() throws Exception {
    Path notAFolder = tmp.resolve("not-a-folder");
    Files.writeString(notAFolder, "a regular file");
    try (ChildJvm child =
        ChildJvm.start(
            notAFolder,
            List.of("-Dautodev.debug=true"),
            AutoDevApplication.class.getName(),
            "task",
            "list")) {
      assertThat(child.waitFor(Duration.ofMinutes(2))).isEqualTo(ExitCodes.FAILURE);
      List<String> lines = child.stderr().lines().toList();
      assertThat(lines.get(0)).startsWith("error: storage error (io_error): could not create");
      assertThat(lines).hasSizeGreaterThan(10).anyMatch(l -> l.startsWith("Caused by: "));
    }
  }
}
