package dev.autodev.tracker;

import dev.autodev.store.StoreFileModes;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The one way a store file is set aside in {@code tasks/quarantine/<time>[-why]/} — by start-up
 * recovery, {@code store repair} and {@code store restore} alike: copied durably, private to its
 * owner like every store file, and never deleted.
 */
public final class Quarantine {

  private Quarantine() {}

  /** The folder for what one recovery ({@code suffix} empty), repair or restore sets aside. */
  public static Path folder(StorePaths paths, Instant now, String suffix) {
    return paths.quarantineDir().resolve(StorePaths.stamp(now) + suffix);
  }

  /** Writes {@code bytes} durably to {@code dir/name}, creating the folders owner-only. */
  public static Path keep(StoreFileSystem fs, Path dir, String name, byte[] bytes)
      throws IOException {
    Path target = dir.resolve(name);
    StoreFileModes.createDirectories(target.getParent());
    fs.write(target, bytes, true);
    fs.syncDirectory(target.getParent());
    return target;
  }
}
