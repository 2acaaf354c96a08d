package dev.autodev.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the store primitives for one data folder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StoreProperties.class, StoreHealthProperties.class})
class StoreConfiguration {

  @Bean
  StorePaths storePaths(StoreProperties properties) {
    StorePaths paths = new StorePaths(properties.home());
    paths.createDirectories();
    return paths;
  }

  @Bean
  StoreFileSystem storeFileSystem() {
    return new RealStoreFileSystem();
  }

  @Bean
  StoreLock storeLock(StorePaths paths, StoreProperties properties) {
    return new StoreLock(paths.lockFile(), properties.lockTimeout());
  }

  @Bean
  AtomicFileWriter atomicFileWriter(StoreFileSystem fs) {
    return new AtomicFileWriter(fs);
  }

  @Bean
  StoreHealth storeHealth() {
    return new StoreHealth();
  }

  // Not limited to web modes: the readiness group names it wherever Actuator's health runs. A
  // one-shot command never creates it (lazy beans, no Actuator).
  @Bean
  HealthIndicator storeHealthIndicator(
      StorePaths paths, StoreLock lock, StoreHealth health, StoreHealthProperties properties) {
    return new StoreHealthIndicator(paths, lock, health, properties);
  }

  /** Metrics of the store, where Actuator runs (the shell and the server). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication
  static class StoreMetricsConfiguration {

    @Bean
    MeterBinder storeMeters(StoreHealth health, StoreLock lock) {
      return registry -> {
        FunctionTimer.builder(
                "autodev.saves",
                health.saveTimes(),
                TimeTally::count,
                TimeTally::totalSeconds,
                TimeUnit.SECONDS)
            .description(
                "Changes made durable (journal fsync, then snapshots), and how long it took")
            .register(registry);
        FunctionCounter.builder("autodev.save.failures", health, StoreHealth::failures)
            .description("Saves that failed and were rolled back; the change was refused")
            .register(registry);
        FunctionTimer.builder(
                "autodev.lock.waits",
                lock.waits(),
                TimeTally::count,
                TimeTally::totalSeconds,
                TimeUnit.SECONDS)
            .description("Acquisitions of the store lock, and the time spent waiting for it")
            .register(registry);
      };
    }
  }
}
