package dev.autodev.history;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * History settings, documented with the same defaults in the top-level application.yml.
 *
 * @param compaction when closed segments are compressed without being asked
 * @param queryThreads threads that decompress and filter blocks in parallel (0: one per core)
 */
@Validated
@ConfigurationProperties(prefix = "autodev.history")
record HistoryProperties(
    @Valid @NotNull @DefaultValue Compaction compaction,
    @Min(0) @DefaultValue("0") int queryThreads) {

  /**
   * @param auto compress closed segments automatically
   * @param interval how often a running shell or server looks for closed segments (it also looks at
   *     start and shortly after a task is archived)
   * @param oneShot whether a one-shot command that archived a task compresses closed segments
   *     before it exits (rare: once per closed segment)
   */
  record Compaction(
      @DefaultValue("true") boolean auto,
      @NotNull @DefaultValue("1h") Duration interval,
      @DefaultValue("true") boolean oneShot) {}

  int threads() {
    return queryThreads > 0 ? queryThreads : Runtime.getRuntime().availableProcessors();
  }
}
