package dev.autodev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodev.cli.ExitCodes;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.OneShotLoop;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store this user cannot write, through the real one-shot launch path in a child JVM: reads work
 * without the write lock and without recovery writing anything ({@code task list}, {@code task
 * show}, {@code memory show}, {@code store verify} — showing the state recovery would arrive at,
 * and saying what it would do), and every change fails with one line naming the store and why, exit
 * 1. Two real ways a store is read-only: folders 0555 and files 0444 (as root, which ignores modes,
 * the child runs without the capabilities that let it), and a read-only mount (a bind mount in a
 * private mount namespace). Each is skipped where this machine cannot set it up.
 */
class ReadOnlyStoreIntegrationTests {

  private static final List<String> NO_OVERRIDE =
      List.of(
          "setpriv",
          "--bounding-set=-dac_override,-dac_read_search,-fowner",
          "--inh-caps=-dac_override,-dac_read_search,-fowner",
          "--");

  @TempDir Path dir;

  /** Gives the folders back to their owner, so the temp folder can be removed as any user. */
  @AfterEach
  void writableAgain() throws IOException {
    for (Path home : List.of(dir.resolve("store"), dir.resolve("empty"))) {
      if (Files.exists(home)) {
        try (Stream<Path> walk = Files.walk(home)) {
          for (Path p : walk.toList()) {
            Files.setPosixFilePermissions(
                p,
                PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
          }
        }
      }
    }
  }

  /** The seeded store: ids of an open task and an archived one. */
  record Seeded(Path home, Task alpha, Task done) {}

  @Test
  void aFolderTheUserCannotWriteIsReadAndEveryChangeIsRefusedInOneLine() throws Exception {
    Seeded s = seed();
    chmodTree(s.home(), "r-xr-xr-x", "r--r--r--");
    Path nowhere = Files.createDirectories(dir.resolve("empty"));
    chmodTree(nowhere, "r-xr-xr-x", "r--r--r--");
    List<String> wrapper = isRoot() ? NO_OVERRIDE : List.of();
    assumeTrue(cannotWrite(wrapper, s.home().resolve("tasks")), "cannot drop write access here");
    Map<String, String> before = fingerprint(s.home());
    String home = s.home().toString();
    String none = nowhere.resolve(".auto-dev").toString();

    List<OneShotLoop.Ran> ran =
        run(
            wrapper,
            List.of(
                List.of(home, "task", "list"),
                List.of(home, "task", "list", "--json"),
                List.of(home, "task", "show", s.alpha().id().toString()),
                List.of(home, "task", "show", s.done().id().toString()),
                List.of(home, "memory", "show"),
                List.of(home, "store", "verify"),
                List.of(home, "task", "create", "Delta"),
                List.of(home, "memory", "set", "k", "v"),
                List.of(home, "store", "repair"),
                List.of(none, "task", "list"),
                List.of(none, "task", "create", "Delta")));

    assertReads(ran, s, "permission denied");
    assertThat(ran.get(1).out()).startsWith("{").contains("\"Gamma\"");
    assertThat(ran.get(2).out()).contains("src/Alpha.java");
    assertThat(ran.get(3).out()).contains("Done one").contains("completed");
    assertThat(ran.get(4).out()).contains("decision 2");
    for (OneShotLoop.Ran write : ran.subList(6, 9)) {
      assertRefusedInOneLine(write, home, "permission denied");
    }
    // A data folder that does not exist yet, where this user cannot create it: an empty store.
    assertThat(ran.get(9).exitCode()).as(ran.get(9).err()).isZero();
    assertThat(ran.get(9).out()).contains("No tasks.");
    assertRefusedInOneLine(ran.get(10), none, "permission denied on " + nowhere);
    assertThat(fingerprint(s.home())).as("every file as it was").isEqualTo(before);
    try (Stream<Path> left = Files.list(nowhere)) {
      assertThat(left).as("nothing created").isEmpty();
    }
  }

  @Test
  void aReadOnlyMountIsReadAndEveryChangeIsRefusedInOneLine() throws Exception {
    Seeded s = seed();
    String home = s.home().toString();
    List<String> wrapper =
        List.of(
            "unshare",
            "-m",
            "--",
            "sh",
            "-c",
            "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" \"$1\" && shift"
                + " && exec \"$@\"",
            "sh",
            home);
    assumeTrue(cannotWrite(wrapper, s.home().resolve("tasks")), "no read-only mount here");
    Map<String, String> before = fingerprint(s.home());

    List<OneShotLoop.Ran> ran =
        run(
            wrapper,
            List.of(
                List.of(home, "task", "list"),
                List.of(home, "store", "verify"),
                List.of(home, "task", "create", "Delta")));

    assertThat(ran.get(0).exitCode()).as(ran.get(0).err()).isZero();
    assertThat(ran.get(0).out()).contains("Alpha").contains("Gamma");
    assertThat(ran.get(0).err()).contains("read-only file system").doesNotContain("Exception");
    assertThat(ran.get(1).exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(ran.get(1).out()).contains("remove the leftover temp file current.json.tmp");
    assertRefusedInOneLine(ran.get(2), home, "read-only file system");
    assertThat(fingerprint(s.home())).as("every file as it was").isEqualTo(before);
  }

  /**
   * A store with open, archived and memory content whose recovery has work to do: a leftover temp
   * file, and current.json one change behind the journal (the change that created Gamma).
   */
  private Seeded seed() throws IOException {
    Path home = dir.resolve("store");
    Task alpha;
    Task done;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      alpha = t.create(NewTask.named("Alpha"));
      t.addContext(alpha.id(), ContextKind.FILE, "src/Alpha.java");
      t.decide("decision 2", alpha.id(), List.of());
      done = t.create(NewTask.named("Done one"));
      t.start(done.id(), false);
      t.complete(done.id(), false);
      t.create(NewTask.named("Gamma"));
    }
    Path tasks = home.resolve("tasks");
    Files.copy(
        tasks.resolve("current.json.bak"),
        tasks.resolve("current.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(tasks.resolve("current.json.tmp"), "{\"half\":");
    return new Seeded(home, alpha, done);
  }

  private void assertReads(List<OneShotLoop.Ran> ran, Seeded s, String why) {
    for (OneShotLoop.Ran r : ran.subList(0, 5)) {
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("error:");
    }
    OneShotLoop.Ran list = ran.get(0);
    assertThat(list.out()).contains("Alpha").contains("Gamma").doesNotContain("Done one");
    assertThat(list.err())
        .as("says the store is read-only and what recovery would do")
        .contains("the store at " + s.home() + " cannot be written: " + why)
        .contains("remove the leftover temp file current.json.tmp")
        .contains("replay 1 journal entry");
    OneShotLoop.Ran verify = ran.get(5);
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(verify.out())
        .contains("PROBLEM  current.json.tmp")
        .contains("behind the journal")
        .contains("would (verify changed nothing)");
    assertThat(verify.err()).doesNotContain("Exception");
  }

  private static void assertRefusedInOneLine(OneShotLoop.Ran r, String home, String why) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err().strip().lines())
        .as("one line on stderr")
        .singleElement()
        .asString()
        .startsWith("error: the store at " + home + " cannot be written: " + why);
  }

  private List<OneShotLoop.Ran> run(List<String> wrapper, List<List<String>> commands)
      throws InterruptedException {
    try (ChildJvm child =
        ChildJvm.startUnder(
            wrapper, dir.resolve("unused"), List.of(), OneShotLoop.class.getName())) {
      return OneShotLoop.run(child, commands);
    }
  }

  /** Whether a process started under {@code wrapper} is refused a new file in {@code folder}. */
  private static boolean cannotWrite(List<String> wrapper, Path folder) throws Exception {
    List<String> probe = new ArrayList<>(wrapper);
    probe.addAll(List.of("sh", "-c", "echo x > \"$0\"/probe", folder.toString()));
    Process p;
    try {
      p = new ProcessBuilder(probe).redirectErrorStream(true).start();
    } catch (IOException e) {
      return false; // no such tool here
    }
    p.getInputStream().readAllBytes();
    boolean exited = p.waitFor(30, TimeUnit.SECONDS);
    boolean refused = exited && p.exitValue() != 0 && !Files.exists(folder.resolve("probe"));
    Files.deleteIfExists(folder.resolve("probe"));
    return refused;
  }

  private static boolean isRoot() throws Exception {
    Process p = new ProcessBuilder("id", "-u").start();
    String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(10, TimeUnit.SECONDS);
    return uid.equals("0");
  }

  private static void chmodTree(Path root, String folders, String files) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      // Files first, folders deepest first, so the walk never needs a folder it already closed.
      List<Path> all = new ArrayList<>(walk.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? folders : files));
      }
    }
  }

  /** Every file (size and CRC-32C) and folder under the data folder. */
  private static Map<String, String> fingerprint(Path home) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(home)) {
      for (Path p : walk.toList()) {
        String name = home.relativize(p).toString();
        if (Files.isDirectory(p)) {
          all.put(name + "/", "folder");
        } else {
          CRC32C crc = new CRC32C();
          byte[] bytes = Files.readAllBytes(p);
          crc.update(bytes);
          all.put(name, bytes.length + ":" + Long.toHexString(crc.getValue()));
        }
      }
    }
    return all;
  }
}
