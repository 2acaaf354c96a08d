package dev.autodev.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
  private static final Set<PosixFilePermission> OWNER =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
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

  /**
   * Makes {@code file} private to its owner: creates it empty and owner-only when it does not
   * exist, and takes every permission of group and others away from an existing one (for files
   * another program writes into, such as the shell's history).
   *
   * @return the mode the file had when it had to be tightened (such as {@code 0644}), else null
   */
  public static @Nullable String ownerOnly(Path file) throws IOException {
    if (!posix(file)) {
      return null;
    }
    createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, forFile(file));
      return null;
    } catch (FileAlreadyExistsException e) {
      // it exists: check its mode below
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
    String open = openToOthers(now);
    if (open != null) {
      Set<PosixFilePermission> owner = EnumSet.copyOf(now);
      owner.retainAll(OWNER);
      Files.setPosixFilePermissions(file, owner);
    }
    return open;
  }

  /**
   * The mode of {@code file} (such as {@code 0644}) when group or others have any permission on it;
   * null when only its owner has, or the file system has no POSIX modes.
   */
  public static @Nullable String openToOthers(Path file) throws IOException {
    return posix(file) ? openToOthers(Files.getPosixFilePermissions(file)) : null;
  }

  private static @Nullable String openToOthers(Set<PosixFilePermission> mode) {
    if (OWNER.containsAll(mode)) {
      return null;
    }
    String rwx = PosixFilePermissions.toString(mode); // "rw-r--r--", owner first
    int bits = 0;
    for (int i = 0; i < rwx.length(); i++) {
      if (rwx.charAt(i) != '-') {
        bits |= 1 << (rwx.length() - 1 - i);
      }
    }
    return String.format(Locale.ROOT, "0%o", bits);
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
