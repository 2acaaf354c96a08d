package dev.autodev.history;

import dev.autodev.store.StoreFileSystem;
import dev.autodev.tracker.HistoryArchive;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store, tracker and history wired by a small Spring context on a data folder (no web, no
 * shell), with a clock the test moves: sub-second to open, so tests and child JVMs open many.
 */
public final class HistoryContext implements AutoCloseable {

  private final AnnotationConfigApplicationContext context;
  private final TestClock clock;

  private HistoryContext(AnnotationConfigApplicationContext context, TestClock clock) {
    this.context = context;
    this.clock = clock;
  }

  public static HistoryContext open(Path home) {
    return open(home, Map.of());
  }

  /**
   * As a one-shot command runs: every bean lazy (created on first use, or when an event it listens
   * to is published), and run-mode one-shot.
   */
  public static HistoryContext openOneShot(Path home) {
    return open(home, Map.of("autodev.run-mode", "one-shot"), true);
  }

  public static HistoryContext open(Path home, Map<String, Object> properties) {
    return open(home, properties, false);
  }

  /** Opens with a replacement for the real file system, to inject faults. */
  public static HistoryContext open(Path home, StoreFileSystem fileSystem) {
    return open(home, Map.of(), false, fileSystem);
  }

  private static HistoryContext open(Path home, Map<String, Object> properties, boolean lazy) {
    return open(home, properties, lazy, null);
  }

  private static HistoryContext open(
      Path home,
      Map<String, Object> properties,
      boolean lazy,
      @Nullable StoreFileSystem fileSystem) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    if (fileSystem != null) {
      context.registerBean(
          "testFileSystem", StoreFileSystem.class, () -> fileSystem, bd -> bd.setPrimary(true));
    }
    if (lazy) {
      context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor());
    }
    Map<String, Object> props = new HashMap<>(properties);
    props.put("autodev.home", home.toString());
    props.putIfAbsent("autodev.run-mode", "test");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
    TestClock clock = new TestClock(Instant.parse("2026-06-15T12:00:00Z"));
    context.registerBean(Clock.class, () -> clock);
    context.registerBean(JsonMapper.class, () -> JsonMapper.builder().build());
    context.register(Wiring.class);
    context.refresh();
    return new HistoryContext(context, clock);
  }

  public TaskTracker tracker() {
    return context.getBean(TaskTracker.class);
  }

  public HistoryArchive archive() {
    return context.getBean(HistoryArchive.class);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  HistoryQueries queries() {
    return context.getBean(HistoryQueries.class);
  }

  HistoryIndex index() {
    return context.getBean(HistoryIndex.class);
  }

  HistoryMaintenance maintenance() {
    return context.getBean(HistoryMaintenance.class);
  }

  /** Compresses every closed segment now, as {@code store compact} does. */
  public void compact() {
    maintenance().compactNow();
  }

  public TestClock clock() {
    return clock;
  }

  @Override
  public void close() {
    context.close();
  }

  /** The store, tracker and history packages, as the application wires them. */
  @Configuration(proxyBeanMethods = false)
  @ComponentScan({"dev.autodev.store", "dev.autodev.tracker", "dev.autodev.history"})
  static class Wiring {}

  /** A clock that stands still until moved. */
  public static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    public void set(Instant instant) {
      now = instant;
    }

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
