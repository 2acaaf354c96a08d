package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code store} health indicator: the data folder is writable, the lock can be taken, and the
 * latest save succeeded. DOWN tells an operator that changes are not being saved.
 */
final class StoreHealthIndicator implements HealthIndicator {

  private final StorePaths paths;
  private final StoreLock lock;
  private final StoreHealth health;

  StoreHealthIndicator(StorePaths paths, StoreLock lock, StoreHealth health) {
    this.paths = paths;
    this.lock = lock;
    this.health = health;
  }

  @Override
  public Health health() {
    Path dir = paths.tasksDir();
    boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
    boolean lockable = lock.isObtainable();
    long free = freeBytes(dir);
    Health.Builder builder =
        writable && lockable && health.lastSaveOk() ? Health.up() : Health.down();
    builder
        .withDetail("folder", paths.home().toString())
        .withDetail("writable", writable)
        .withDetail("lock_obtainable", lockable)
        .withDetail("last_save_ok", health.lastSaveOk())
        .withDetail("saves", health.saves())
        .withDetail("failures", health.failures())
        .withDetail("free_bytes", free);
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
