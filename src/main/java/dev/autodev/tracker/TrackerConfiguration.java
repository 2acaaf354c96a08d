package dev.autodev.tracker;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clock every timestamp comes from (UTC, millisecond precision, replaceable in tests) and the
 * tracker's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ArchiveProperties.class, JournalProperties.class})
class TrackerConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));
  }
}
