package dev.autodev.history;

import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import dev.autodev.store.StoreProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The history's settings, its query threads and the lock its maintenance works under. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
class HistoryConfiguration {

  /** Decompresses and filters blocks in parallel; daemon threads, so they never keep a JVM up. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService historyQueryExecutor(HistoryProperties properties) {
    return Executors.newFixedThreadPool(properties.threads(), daemonThreads("history-query-"));
  }

  /**
   * Serialises the history's own writers across processes (compaction, index.json), apart from the
   * store lock, so compressing a segment for a second never blocks a change: the store lock is
   * taken only for the instant the files are swapped.
   */
  @Bean
  MaintenanceLock maintenanceLock(StorePaths paths, StoreProperties properties) {
    return new MaintenanceLock(
        new StoreLock(paths.historyDir().resolve(".maintenance.lock"), properties.lockTimeout()),
        new StoreLock(paths.historyDir().resolve(".maintenance.lock"), java.time.Duration.ZERO));
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
