package dev.autodev.store;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the store primitives for one data folder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
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

  @Bean
  HealthIndicator storeHealthIndicator(StorePaths paths, StoreLock lock, StoreHealth health) {
    return new StoreHealthIndicator(paths, lock, health);
  }
}
