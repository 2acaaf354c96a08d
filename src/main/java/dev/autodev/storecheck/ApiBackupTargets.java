package dev.autodev.storecheck;

import dev.autodev.store.StoreException;
import dev.autodev.store.StorePaths;
import dev.autodev.tracker.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Where {@code POST /api/store/backup?to=…} may write: inside {@code <home>/backups}, or inside a
 * folder listed in {@code autodev.backup.allowed-roots}. Without this, any caller the API admits
 * (on loopback, with no token, that is every local process and anything it relays) could have the
 * server write a copy of the store, with its memory and facts, wherever the server's user can
 * write. A relative {@code to} names a folder inside {@code <home>/backups}. The path is checked
 * with symbolic links resolved, so a link inside an allowed folder cannot lead out of it.
 */
@Component
class ApiBackupTargets {

  private final Path backups;
  private final List<Path> roots;

  ApiBackupTargets(StorePaths paths, BackupProperties properties) {
    this.backups = paths.home().resolve("backups");
    List<Path> all = new ArrayList<>();
    all.add(backups);
    properties.allowedRoots().forEach(r -> all.add(r.toAbsolutePath().normalize()));
    this.roots = List.copyOf(all);
  }

  /**
   * The folder to back up into, as an absolute path; {@code null} (the default folder) when none is
   * given. A folder outside every allowed root is refused (400 naming {@code to}) before anything
   * is written.
   */
  @Nullable String resolve(@Nullable String to) {
    if (to == null || to.isBlank()) {
      return null;
    }
    Path asked;
    try {
      asked = backups.resolve(to.strip()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException("to", "'to' is not a valid path: " + e.getReason());
    }
    Path real = real(asked);
    for (Path root : roots) {
      Path realRoot = real(root);
      if (real.startsWith(realRoot) && !real.equals(realRoot)) {
        return asked.toString();
      }
    }
    throw new InvalidInputException(
        "to",
        "a backup over the API goes into a new folder inside "
            + roots.stream().map(Path::toString).collect(Collectors.joining(" or "))
            + " (set autodev.backup.allowed-roots to allow more; 'store backup --to' on the"
            + " command line may write anywhere); "
            + asked
            + " is not inside them");
  }

  /** The path with every symbolic link of its existing part resolved; the rest as written. */
  private static Path real(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      throw StoreException.io(existing, "resolve", e);
    }
  }
}
