package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code store} health indicator: the data folder is writable, the lock can be taken, the
 * snapshot files are valid, the latest save succeeded (any of these failing: DOWN, changes are not
 * being saved), and the disk has room (below the threshold: OUT_OF_SERVICE, saves are about to
 * fail). Part of the readiness group.
 */
final class StoreHealthIndicator implements HealthIndicator {

  private final StorePaths paths;
  private final StoreLock lock;
  private final StoreHealth health;
  private final StoreHealthProperties properties;
  private final SnapshotFilesCheck files;

  StoreHealthIndicator(
      StorePaths paths, StoreLock lock, StoreHealth health, StoreHealthProperties properties) {
    this.paths = paths;
    this.lock = lock;
    this.health = health;
    this.properties = properties;
    this.files = new SnapshotFilesCheck(List.of(paths.current(), paths.memory()));
  }

  @Override
  public Health health() {
    Path dir = paths.tasksDir();
    boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
    boolean lockable = lock.isObtainable(properties.lockPatience());
    Map<String, String> fileStates = files.states();
    boolean filesValid = SnapshotFilesCheck.allValid(fileStates);
    long free = freeBytes(dir);
    long minFree = properties.minFreeDisk().toBytes();
    boolean diskOk = free < 0 || free >= minFree;
    Status status;
    if (!(writable && lockable && filesValid && health.lastSaveOk())) {
      status = Status.DOWN;
    } else if (!diskOk) {
      status = Status.OUT_OF_SERVICE;
    } else {
      status = Status.UP;
    }
    Health.Builder builder =
        Health.status(status)
            .withDetail("folder", paths.home().toString())
            .withDetail("writable", writable)
            .withDetail("lock_obtainable", lockable)
            .withDetail("files_valid", filesValid)
            .withDetail("files", fileStates)
            .withDetail("last_save_ok", health.lastSaveOk())
            .withDetail("saves", health.saves())
            .withDetail("failures", health.failures())
            .withDetail("free_bytes", free)
            .withDetail("min_free_bytes", minFree)
            .withDetail("disk_ok", diskOk);
    if (health.lastSuccessAt() != null) {
      builder.withDetail("last_save_at", String.valueOf(health.lastSuccessAt()));
    }
    if (health.lastFailure() != null) {
      builder.withDetail("last_failure", String.valueOf(health.lastFailure()));
      builder.withDetail("last_failure_at", String.valueOf(health.lastFailureAt()));
    }
    return builder.build();
  }

  private static long freeBytes(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1; // reported as unknown; the writable and last-save checks still decide the status
    }
  }
}
