package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-shot command does for the history as it exits (beans lazy, as in one-shot mode): one
 * that archived a task compresses closed segments; a query that found index.json missing writes it
 * back; one that did neither leaves the folder alone.
 */
class OneShotMaintenanceTests {

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
  void aQueryThatFoundTheIndexMissingWritesItBackAsItExits() throws Exception {
    HistoryGenerator.generate(home, HistoryGenerator.Options.of(200).months(1));
    assertThat(Files.exists(history().resolve("index.json"))).isFalse();
    try (HistoryContext ctx = HistoryContext.openOneShot(home)) {
      assertThat(ctx.queries().history(HistoryQuery.all(3)).records()).hasSize(3);
    }
    assertThat(Files.exists(history().resolve("index.json"))).isTrue();
  }
}
