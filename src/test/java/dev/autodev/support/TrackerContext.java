package dev.autodev.support;

import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreHealth;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The tracker with its real store, wired by a small Spring context (store and tracker packages
 * only): starts in a fraction of a second, so tests and child JVMs can open many of them. Closing
 * it ends the run gracefully, like the application does.
 */
public final class TrackerContext implements AutoCloseable {

  private final AnnotationConfigApplicationContext context;

  private TrackerContext(AnnotationConfigApplicationContext context) {
    this.context = context;
  }

  public static TrackerContext open(Path home) {
    return open(home, Map.of());
  }

  public static TrackerContext open(Path home, Map<String, Object> properties) {
    return open(home, properties, null);
  }

  /** Opens with a clock of the test's choosing, e.g. one that stands still. */
  public static TrackerContext open(Path home, Clock clock) {
    return open(home, Map.of(), null, clock);
  }

  /** Opens with a replacement for the real file system, to inject faults. */
  public static TrackerContext open(Path home, StoreFileSystem fileSystem) {
    return open(home, Map.of(), fileSystem);
  }

  private static TrackerContext open(
      Path home, Map<String, Object> properties, @Nullable StoreFileSystem fileSystem) {
    return open(home, properties, fileSystem, null);
  }

  private static TrackerContext open(
      Path home,
      Map<String, Object> properties,
      @Nullable StoreFileSystem fileSystem,
      @Nullable Clock clock) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    if (clock != null) {
      context.registerBean(Clock.class, () -> clock);
    }
    if (fileSystem != null) {
      context.registerBean(
          "testFileSystem", StoreFileSystem.class, () -> fileSystem, bd -> bd.setPrimary(true));
    }
    Map<String, Object> props = new HashMap<>(properties);
    props.put("autodev.home", home.toString());
    props.putIfAbsent("autodev.run-mode", "test");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
    context.register(Wiring.class);
    context.refresh();
    return new TrackerContext(context);
  }

  public TaskTracker tracker() {
    return context.getBean(TaskTracker.class);
  }

  public StoreHealth health() {
    return context.getBean(StoreHealth.class);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }

  /** The store and tracker packages, as the application wires them. */
  @Configuration(proxyBeanMethods = false)
  @ComponentScan({"dev.autodev.store", "dev.autodev.tracker"})
  static class Wiring {}
}
