package dev.autodev.tracker;

import dev.autodev.store.StoreException;
import dev.autodev.support.TrackerContext;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The child JVM of {@link FileTooLargeIntegrationTests}, started under {@code ulimit -f}: creates
 * tasks with large descriptions until a save fails with a real EFBIG ("File too large"), printing
 * the store's files' checksums before and after the failure, the error, the health, and then one
 * small change that fits.
 */
public final class FileTooLargeChild {

  private FileTooLargeChild() {}

  public static void main(String[] args) throws IOException {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path home = Path.of(System.getProperty("autodev.home"));
    String big = "€".repeat(TaskInput.TEXT_MAX);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      for (int i = 0; i < 20; i++) {
        String before = files(home);
        try {
          Task task = t.create(new NewTask("big " + i, big, null, List.of(), null, List.of()));
          out.println("OK " + task.id());
        } catch (StoreException e) {
          out.println("FAILED " + e.code() + " " + e.getMessage());
          out.println("BEFORE " + before);
          out.println("AFTER " + files(home));
          out.println("HEALTH " + ctx.health().lastSaveOk());
          out.println("OPEN " + t.openTasks().size());
          Task small = t.create(NewTask.named("small"));
          out.println("SMALL " + small.id());
          out.println("HEALTH " + ctx.health().lastSaveOk());
          break;
        }
      }
    }
    out.println("DONE");
  }

  /** Name, size and CRC-32C of every file under tasks/ (the lock file aside). */
  static String files(Path home) throws IOException {
    StringBuilder s = new StringBuilder();
    try (Stream<Path> walk = Files.walk(home.resolve("tasks"))) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (p.getFileName().toString().equals(".lock")) {
          continue;
        }
        CRC32C crc = new CRC32C();
        byte[] bytes = Files.readAllBytes(p);
        crc.update(bytes);
        s.append(home.relativize(p))
            .append(':')
            .append(bytes.length)
            .append(':')
            .append(Long.toHexString(crc.getValue()))
            .append(' ');
      }
    }
    return s.toString().strip();
  }
}
