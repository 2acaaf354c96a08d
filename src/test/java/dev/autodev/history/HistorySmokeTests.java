package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistorySmokeTests {

  @TempDir Path home;

  @Test
  void smoke() throws Exception {
    HistoryGenerator.generate(
        home,
        HistoryGenerator.Options.of(3000).months(3).segmentMaxBytes(1 << 20).compressed(true, 2));
    try (HistoryContext ctx = HistoryContext.open(home)) {
      Task t = ctx.tracker().create(NewTask.named("fresh one"));
      ctx.tracker().start(t.id(), false);
      ctx.tracker().complete(t.id(), false);
      var page = ctx.queries().history(HistoryQuery.all(5));
      assertThat(page.records()).hasSize(5);
      assertThat(page.records().get(0).task().id()).isEqualTo(t.id());
      var rare = ctx.queries().history(HistoryQuery.all(50).withText("QUOKKA"));
      assertThat(rare.records()).hasSize(1);
      var stats = ctx.queries().stats(null, null, 4);
      System.err.println(stats);
      ctx.compact();
      var log = ctx.queries().log(t.id());
      System.err.println(log);
    }
  }
}
