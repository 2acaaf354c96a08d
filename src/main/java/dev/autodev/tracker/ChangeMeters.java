package dev.autodev.tracker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private final MeterRegistry registry;
  private final Map<Class<?>, Counter> counters = new ConcurrentHashMap<>();

  ChangeMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Class<?> kind : DomainEvent.class.getPermittedSubclasses()) {
      counter(kind); // every kind is listed from the start, at zero
    }
  }

  @EventListener
  void on(DomainEvent event) {
    counter(event.getClass()).increment();
  }

  private Counter counter(Class<?> kind) {
    return counters.computeIfAbsent(
        kind,
        k ->
            Counter.builder("autodev.changes")
                .description("Committed changes, by kind of event")
                .tag("kind", snakeCase(k.getSimpleName()))
                .register(registry));
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
