package dev.autodev.store;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data folder is and how long to wait for another process's lock; documented with the
 * same defaults in the top-level application.yml.
 *
 * @param home the data folder ({@code autodev.home}, default {@code ./.auto-dev})
 * @param lockTimeout how long a change waits for another process to release the store lock
 */
@ConfigurationProperties(prefix = "autodev")
public record StoreProperties(
    @DefaultValue(".auto-dev") Path home, @DefaultValue("30s") Duration lockTimeout) {

  // Checked here rather than with Bean Validation, which would cost every one-shot command the
  // start-up of a validator for two fields.
  public StoreProperties {
    if (home == null || home.toString().isBlank()) {
      throw new IllegalArgumentException("autodev.home must name a folder");
    }
    if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("autodev.lock-timeout must be positive, e.g. 30s");
    }
  }
}
