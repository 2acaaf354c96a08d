package dev.autodev.history;

import dev.autodev.store.TimeTally;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The history's part of Actuator: query timers ({@code autodev.queries}, tag {@code query=history
 * |search|stats}) and the {@code history} section of {@code /actuator/info} (archived records, from
 * the index). Only where Actuator runs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class HistoryActuatorConfiguration {

  @Bean
  MeterBinder historyQueryMeters(HistoryQueries queries) {
    return registry -> {
      for (Map.Entry<String, TimeTally> e : queries.timings().entrySet()) {
        FunctionTimer.builder(
                "autodev.queries",
                e.getValue(),
                TimeTally::count,
                TimeTally::totalSeconds,
                TimeUnit.SECONDS)
            .description("History queries answered, and how long they took")
            .tag("query", e.getKey())
            .register(registry);
      }
    };
  }

  @Bean
  InfoContributor historyInfo(HistoryQueries queries) {
    return builder -> builder.withDetail("history", Map.of("archived", queries.archivedCount()));
  }
}
