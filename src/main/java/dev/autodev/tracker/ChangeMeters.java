package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts committed changes by kind ({@code autodev.changes}, tag {@code kind=task_created}, …) for
 * {@code /actuator/metrics}. It hears the events {@link TaskTracker} publishes after a change is
 * durable, so a refused or failed change is never counted. Only where Actuator runs.
 */
@Component
@ConditionalOnWebApplication
class ChangeMeters {

  private final Map<Class<?>, Counter> counters = new HashMap<>();

  ChangeMeters(MeterRegistry registry) {
    // Every kind is listed from the start, at zero, tagged with its journal name (task_created…).
    for (JsonSubTypes.Type kind : DomainEvent.class.getAnnotation(JsonSubTypes.class).value()) {
      counters.put(
          kind.value(),
          Counter.builder("autodev.changes")
              .description("Committed changes, by kind of event")
              .tag("kind", kind.name())
              .register(registry));
    }
  }

  @EventListener
  void on(DomainEvent event) {
    Counter counter = counters.get(event.getClass());
    if (counter != null) {
      counter.increment();
    }
  }
}
