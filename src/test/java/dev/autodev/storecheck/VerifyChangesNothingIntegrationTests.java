package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.ExitCodes;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.OneShotLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store verify} run as a one-shot command, in a real child JVM and through the same launch
 * path as {@code java -jar auto-dev.jar store verify}, on damaged stores: every damage of the
 * corruption matrix (each way on current.json, each file kind with a flipped byte; every cell with
 * {@code -Dautodev.test.verify-every-cell=true}), a leftover temp file, a torn last journal line,
 * and current.json behind the journal. Each time it reports the problem, exits 1, says what the
 * automatic recovery would do, and leaves every file and folder of the store exactly as it was.
 */
class VerifyChangesNothingIntegrationTests {

  @TempDir static Path dir;

  record Case(String name, Path home) {}

  @Test
  void verifyReportsDamageAndChangesNoFile() throws Exception {
    Path seed = dir.resolve("seed");
    String plain = CorruptionMatrix.seed(seed);
    List<Case> cases = new ArrayList<>();
    boolean everyCell = Boolean.getBoolean("autodev.test.verify-every-cell");
    for (CorruptionMatrix.Kind kind : CorruptionMatrix.Kind.values()) {
      for (CorruptionMatrix.Damage damage : CorruptionMatrix.Damage.values()) {
        if (everyCell
            || kind == CorruptionMatrix.Kind.CURRENT
            || damage == CorruptionMatrix.Damage.FLIPPED_BYTE) {
          Path home = copy(seed, kind + "-" + damage);
          CorruptionMatrix.damage(
              home.resolve("tasks").resolve(kind.file.replace("PLAIN", plain)), kind, damage);
          cases.add(new Case(kind.file + " " + damage, home));
        }
      }
    }
    Path temp = copy(seed, "temp");
    Files.writeString(temp.resolve("tasks/current.json.tmp"), "{\"half\":");
    cases.add(new Case("leftover temp file", temp));
    Path torn = copy(seed, "torn");
    Files.writeString(
        torn.resolve("tasks/journal.jsonl"), "{\"crc\":\"00", StandardOpenOption.APPEND);
    cases.add(new Case("torn journal line", torn));
    Path behind = copy(seed, "behind");
    Files.copy(
        behind.resolve("tasks/current.json.bak"),
        behind.resolve("tasks/current.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    cases.add(new Case("current.json behind the journal", behind));

    List<Map<String, String>> before = new ArrayList<>();
    List<List<String>> commands = new ArrayList<>();
    for (Case c : cases) {
      before.add(fingerprint(c.home()));
      commands.add(List.of(c.home().toString(), "store", "verify"));
    }
    List<OneShotLoop.Ran> ran;
    try (ChildJvm child = ChildJvm.start(dir.resolve("unused"), List.of(), loop())) {
      ran = OneShotLoop.run(child, commands);
    }

    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      OneShotLoop.Ran r = ran.get(i);
      assertThat(r.exitCode()).as(c.name() + "\n" + r.out() + r.err()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.out()).as(c.name()).contains("PROBLEM");
      assertThat(r.err()).as(c.name()).contains("error: ").doesNotContain("Exception");
      assertThat(fingerprint(c.home()))
          .as(c.name() + ": every file as verify found it")
          .isEqualTo(before.get(i));
    }
    assertThat(outputOf(cases, ran, "leftover temp file"))
        .contains("would (verify changed nothing)")
        .contains("remove the leftover temp file current.json.tmp");
    assertThat(outputOf(cases, ran, "current.json HALF"))
        .contains("move the damaged current.json to quarantine/")
        .contains("restore current.json from its backup");
    assertThat(outputOf(cases, ran, "current.json behind the journal"))
        .contains("replay 1 journal entry");
    assertThat(outputOf(cases, ran, "torn journal line"))
        .contains("drop the torn last journal line");
  }

  private static String loop() {
    return OneShotLoop.class.getName();
  }

  private static String outputOf(List<Case> cases, List<OneShotLoop.Ran> ran, String name) {
    for (int i = 0; i < cases.size(); i++) {
      if (cases.get(i).name().equals(name)) {
        return ran.get(i).out();
      }
    }
    throw new AssertionError("no case " + name);
  }

  private static Path copy(Path seed, String name) throws IOException {
    Path home = dir.resolve(name);
    CorruptionMatrix.copyTree(seed, home);
    return home;
  }

  /** Every file (size and CRC-32C) and folder under the data folder. */
  static Map<String, String> fingerprint(Path home) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(home)) {
      for (Path p : walk.toList()) {
        String name = home.relativize(p).toString();
        if (Files.isDirectory(p)) {
          all.put(name + "/", "folder");
        } else {
          byte[] bytes = Files.readAllBytes(p);
          CRC32C crc = new CRC32C();
          crc.update(bytes);
          all.put(name, bytes.length + ":" + Long.toHexString(crc.getValue()));
        }
      }
    }
    return all;
  }
}
