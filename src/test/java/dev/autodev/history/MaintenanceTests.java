package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.Await;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history's work nobody asked for. A one-shot command (beans lazy, as in one-shot mode) that
 * archived a task compresses closed segments as it exits, and a query that found index.json missing
 * writes it back as it exits. A long-lived process (shell, server) compresses closed segments on
 * its maintenance thread shortly after a task is archived.
 */
class MaintenanceTests {

  @TempDir Path home;

  private Path history() {
    return home.resolve("tasks").resolve("history");
  }

  @Test
  void aCommandThatArchivesATaskCompressesClosedSegmentsAsItExits() throws Exception {
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(300).months(2).end(Instant.parse("2026-06-10T00:00:00Z")));
    Task task;
    try (HistoryContext ctx = HistoryContext.openOneShot(home)) {
      task = ctx.tracker().create(NewTask.named("a one-shot create"));
    }
    try (HistoryContext ctx = HistoryContext.open(home)) {
      assertThat(ctx.archive().segments()).noneMatch(Segment::compressed);
    }
    try (HistoryContext ctx = HistoryContext.openOneShot(home)) {
      ctx.tracker().start(task.id(), false);
      ctx.tracker().complete(task.id(), false);
    }
    try (HistoryContext ctx = HistoryContext.open(home)) {
      List<Segment> segments = ctx.archive().segments();
      assertThat(segments.subList(0, segments.size() - 1)).allMatch(Segment::compressed);
      assertThat(segments.get(segments.size() - 1).month().toString()).isEqualTo("2026-06");
      assertThat(segments.get(segments.size() - 1).compressed()).isFalse();
    }
    assertThat(Files.exists(history().resolve("index.json"))).isTrue();
  }

  @Test
  void aRunningServerCompressesClosedSegmentsShortlyAfterATaskIsArchived() throws Exception {
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(300).months(2).end(Instant.parse("2026-06-10T00:00:00Z")));
    try (HistoryContext ctx =
        HistoryContext.open(home, java.util.Map.of("autodev.run-mode", "serve"))) {
      Task task = ctx.tracker().create(NewTask.named("archived by the server"));
      ctx.tracker().start(task.id(), false);
      ctx.tracker().complete(task.id(), false);
      Await.until(
          Duration.ofSeconds(30),
          "closed segments compressed in the background",
          () -> ctx.archive().segments().stream().filter(Segment::compressed).count() >= 2);
      List<Segment> segments = ctx.archive().segments();
      assertThat(segments.subList(0, segments.size() - 1)).allMatch(Segment::compressed);
    }
  }

  @Test
  void aQueryThatFoundTheIndexMissingWritesItBackAsItExits() throws Exception {
    HistoryGenerator.generate(home, HistoryGenerator.Options.of(200).months(1));
    assertThat(Files.exists(history().resolve("index.json"))).isFalse();
    try (HistoryContext ctx = HistoryContext.openOneShot(home)) {
      assertThat(ctx.queries().history(HistoryQuery.all(3)).records()).hasSize(3);
    }
    assertThat(Files.exists(history().resolve("index.json"))).isTrue();
  }
}
