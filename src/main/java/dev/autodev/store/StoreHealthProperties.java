package dev.autodev.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Thresholds of the {@code store} health indicator; documented with the same defaults in the
 * top-level application.yml.
 *
 * @param minFreeDisk below this much usable space on the data folder's disk the store reports
 *     OUT_OF_SERVICE (readiness fails) before saves start failing for lack of space
 * @param lockPatience how long the probe keeps trying to take the store lock before it reports the
 *     lock unobtainable (another process may hold it for a few milliseconds per change)
 */
@ConfigurationProperties(prefix = "autodev.health")
public record StoreHealthProperties(
    @DefaultValue("100MB") DataSize minFreeDisk, @DefaultValue("2s") Duration lockPatience) {

  public StoreHealthProperties {
    if (minFreeDisk == null || minFreeDisk.isNegative()) {
      throw new IllegalArgumentException(
          "autodev.health.min-free-disk must be 0 or more, e.g. 100MB");
    }
    if (lockPatience == null || lockPatience.isNegative()) {
      throw new IllegalArgumentException("autodev.health.lock-patience must be 0 or more, e.g. 2s");
    }
  }
}
