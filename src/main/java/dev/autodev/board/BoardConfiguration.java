package dev.autodev.board;

import dev.autodev.tracker.CommittedChanges;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The change stream's publisher, only where the web server runs (never in a one-shot command). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(EventsProperties.class)
class BoardConfiguration {

  @Bean
  ChangeFeed changeFeed(CommittedChanges changes, EventsProperties properties) {
    return new ChangeFeed(changes, properties);
  }
}
