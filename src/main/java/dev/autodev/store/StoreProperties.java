package dev.autodev.store;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the data folder is and how long to wait for another process's lock; documented with the
 * same defaults in the top-level application.yml.
 *
 * @param home the data folder ({@code autodev.home}, default {@code ./.auto-dev})
 * @param lockTimeout how long a change waits for another process to release the store lock
 */
@Validated
@ConfigurationProperties(prefix = "autodev")
public record StoreProperties(
    @NotNull @DefaultValue(".auto-dev") Path home,
    @NotNull @DefaultValue("30s") Duration lockTimeout) {}
