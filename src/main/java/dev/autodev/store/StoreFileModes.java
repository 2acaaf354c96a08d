package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder holds a developer's notes and decisions, so on POSIX file systems everything the
 * store creates is private to its owner: files 0600, folders 0700. The modes are given at creation
 * (no window in which a file is readable by others); file systems without POSIX modes get their
 * defaults.
 */
public final class StoreFileModes {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

  private StoreFileModes() {}

  /** The attributes to create a store file with, next to {@code file}. */
  public static FileAttribute<?>[] forFile(Path file) {
    return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
  }

  /** Creates {@code dir} and any missing parents, each new one private to the owner. */
  public static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
