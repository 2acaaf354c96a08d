package dev.autodev.storecheck;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileModes;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Quarantine;
import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreFinding;
import dev.autodev.tracker.StoreReport;
import dev.autodev.tracker.TrackerJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code store backup} and {@code store restore}. A backup is a consistent copy of {@code tasks/}
 * taken under the store lock (other processes wait for a moment, then go on), laid out as a data
 * folder of its own ({@code DIR/tasks/…}) with a {@code DIR/backup.json} manifest of every file's
 * size and CRC-32C. A restore first checks the backup (manifest and a full {@code store verify} of
 * the copy), then, under the lock, moves the files it replaces to {@code
 * tasks/quarantine/<time>-restore/} and copies the backup in.
 */
@Component
class StoreBackups {

  static final int SCHEMA_VERSION = 1;
  static final String MANIFEST = "backup.json";

  private final StorePaths paths;
  private final StoreLock lock;
  private final StoreFileSystem fs;
  private final Clock clock;

  StoreBackups(StorePaths paths, StoreLock lock, StoreFileSystem fs, Clock clock) {
    this.paths = paths;
    this.lock = lock;
    this.fs = fs;
    this.clock = clock;
  }

  /** One file of a backup. */
  record FileEntry(String path, long bytes, String crc32c) {}

  /** backup.json. */
  record Manifest(int schemaVersion, Instant createdAt, String source, List<FileEntry> files) {}

  /** What a backup wrote or a restore put back. */
  record Result(String folder, int files, long bytes, @Nullable String quarantine) {}

  /** The folder a backup goes to when none is given: {@code <home>/backups/<time>}. */
  Path defaultTarget() {
    return paths.home().resolve("backups").resolve(StorePaths.stamp(clock.instant()));
  }

  Result backup(@Nullable String to) {
    Path target = to == null || to.isBlank() ? defaultTarget() : Path.of(to).toAbsolutePath();
    target = target.normalize();
    if (target.startsWith(paths.tasksDir())) {
      throw new InvalidInputException("to", "a backup cannot go inside the store's tasks/ folder");
    }
    if (Files.exists(target) && !isEmptyDir(target)) {
      throw new InvalidInputException(
          "to", target + " already exists and is not empty; give a new folder");
    }
    Path into = target;
    // Only reads the store: the exclusive lock where this process can write it, else a shared one,
    // so a store this user cannot write can still be backed up elsewhere.
    return lock.read(() -> copyStore(into));
  }

  private static boolean isEmptyDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw StoreException.io(dir, "list", e);
    }
  }

  /** Every file a backup holds: all of tasks/ but the lock files, temp files and quarantine/. */
  private static List<Path> storeFiles(Path tasks) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(tasks)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(tasks)) {
      walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                Path rel = tasks.relativize(p);
                String name = p.getFileName().toString();
                return !rel.startsWith("quarantine")
                    && !name.endsWith(".lock")
                    && !name.endsWith(".tmp");
              })
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw StoreException.io(tasks, "list", e);
    }
    return files;
  }

  private Result copyStore(Path target) {
    Path tasks = target.resolve("tasks");
    List<FileEntry> entries = new ArrayList<>();
    long total = 0;
    try {
      StoreFileModes.createDirectories(tasks.resolve("history"));
      for (Path source : storeFiles(paths.tasksDir())) {
        String rel = paths.tasksDir().relativize(source).toString();
        Path copy = tasks.resolve(rel);
        StoreFileModes.createDirectories(copy.getParent());
        copyDurably(source, copy);
        long size = Files.size(copy);
        entries.add(new FileEntry(rel, size, crcOf(copy)));
        total += size;
      }
      fs.syncDirectory(tasks.resolve("history"));
      fs.syncDirectory(tasks);
      Manifest manifest =
          new Manifest(SCHEMA_VERSION, clock.instant(), paths.home().toString(), entries);
      fs.write(target.resolve(MANIFEST), TrackerJson.pretty(manifest), true);
      fs.syncDirectory(target);
    } catch (IOException e) {
      throw StoreException.io(target, "back up into", e);
    }
    return new Result(target.toString(), entries.size(), total, null);
  }

  /** Streams {@code source} into {@code target} (created owner-only, like every store file). */
  private static void copyDurably(Path source, Path target) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                target,
                EnumSet.of(
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE),
                StoreFileModes.forFile(target))) {
      long size = in.size();
      for (long done = 0; done < size; ) {
        done += out.transferFrom(in, done, size - done);
      }
      out.force(true);
    }
  }

  static String crcOf(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    return String.format("%08x", crc.getValue());
  }

  /** Checks a backup folder: its manifest matches its files, and the copy verifies clean. */
  List<String> check(Path folder) {
    List<String> problems = new ArrayList<>();
    Path manifestFile = folder.resolve(MANIFEST);
    Manifest manifest;
    try {
      manifest =
          TrackerJson.readVersioned(
              Files.readAllBytes(manifestFile), Manifest.class, SCHEMA_VERSION, manifestFile);
    } catch (NoSuchFileException e) {
      problems.add(folder + " is not an auto-dev backup (no " + MANIFEST + ")");
      return problems;
    } catch (IOException e) {
      throw StoreException.io(manifestFile, "read", e);
    } catch (StoreException e) {
      if (e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA) {
        throw e;
      }
      problems.add(MANIFEST + " does not read: " + e.getMessage());
      return problems;
    } catch (RuntimeException e) {
      problems.add(MANIFEST + " does not read: " + e.getMessage());
      return problems;
    }
    if (manifest.files() == null) {
      problems.add(MANIFEST + " lists no files");
      return problems;
    }
    Path tasks = folder.resolve("tasks").normalize();
    for (FileEntry f : manifest.files()) {
      Path file = tasks.resolve(f.path()).normalize();
      if (!file.startsWith(tasks)) {
        problems.add(MANIFEST + " names a file outside the backup: " + f.path());
        continue;
      }
      try {
        if (Files.size(file) != f.bytes() || !crcOf(file).equals(f.crc32c())) {
          problems.add(f.path() + " does not match the manifest (changed since the backup)");
        }
      } catch (NoSuchFileException e) {
        problems.add(f.path() + " is missing from the backup");
      } catch (IOException e) {
        problems.add(f.path() + " does not read: " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      StoreReport report = StoreCheck.forFolder(folder).verify();
      for (StoreFinding p : report.problems()) {
        problems.add(p.file() + ": " + p.problem());
      }
    }
    return problems;
  }

  Result restore(String from) {
    if (from == null || from.isBlank()) {
      throw new InvalidInputException("dir", "give the backup folder to restore");
    }
    Path folder = Path.of(from).toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException("dir", folder + " is not a folder");
    }
    if (folder.startsWith(paths.tasksDir())) {
      throw new InvalidInputException("dir", "a backup cannot be inside the store's tasks/");
    }
    List<String> problems = check(folder);
    if (!problems.isEmpty()) {
      throw new StoreNotCleanException(
          "the backup in "
              + folder
              + " failed its check; nothing was restored: "
              + String.join("; ", problems));
    }
    return lock.call(() -> restoreLocked(folder));
  }

  private Result restoreLocked(Path folder) {
    Path quarantine = Quarantine.folder(paths, clock.instant(), "-restore");
    try {
      List<Path> current = storeFiles(paths.tasksDir());
      for (Path file : current) {
        Quarantine.keep(
            fs, quarantine, paths.tasksDir().relativize(file).toString(), Files.readAllBytes(file));
      }
      for (Path file : current) {
        fs.delete(file);
      }
      Path source = folder.resolve("tasks");
      List<Path> restored = storeFiles(source);
      long total = 0;
      for (Path file : restored) {
        Path target = paths.tasksDir().resolve(source.relativize(file).toString());
        StoreFileModes.createDirectories(target.getParent());
        copyDurably(file, target);
        total += Files.size(target);
      }
      fs.syncDirectory(paths.historyDir());
      fs.syncDirectory(paths.tasksDir());
      return new Result(
          folder.toString(),
          restored.size(),
          total,
          paths.home().relativize(quarantine).toString());
    } catch (IOException e) {
      throw StoreException.io(paths.tasksDir(), "restore into", e);
    }
  }
}
