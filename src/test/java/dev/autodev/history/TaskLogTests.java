package dev.autodev.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.tracker.AuditEntry;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskNotFoundException;
import dev.autodev.tracker.TaskStatus;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's trail across its whole life: open, failed and archived, retried and open again,
 * completed and archived, and finally in a compressed segment. {@code task log} shows every event
 * in order, with time and session, at every stage; the history lists the task once, and its failed
 * attempt only when attempts are asked for; stats count it as one completed task.
 */
class TaskLogTests {

  @TempDir Path home;

  private static List<String> types(HistoryQueries.TaskEvents events) {
    return events.events().stream().map(AuditEntry::type).toList();
  }

  @Test
  void theTrailOfATaskCoversItsWholeLifeOpenArchivedRetriedAndCompressed() {
    UUID id;
    try (HistoryContext ctx = HistoryContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      HistoryContext.TestClock clock = ctx.clock();
      clock.set(Instant.parse("2026-03-10T09:00:00Z"));
      Task task = tracker.create(NewTask.named("Migrate the audit log"));
      id = task.id();
      clock.advance(Duration.ofMinutes(5));
      tracker.start(id, false);
      clock.advance(Duration.ofMinutes(5));
      tracker.addContext(id, ContextKind.FILE, "src/db/Migration.sql");
      tracker.addContext(id, ContextKind.DECISION, "Use a two-phase rename");
      clock.advance(Duration.ofMinutes(20));
      tracker.fail(id, "tests fail on CI");

      HistoryQueries.TaskEvents afterFailure = ctx.queries().log(id);
      assertThat(afterFailure.archived()).isTrue();
      assertThat(types(afterFailure))
          .containsExactly(
              "created", "started", "focused", "context_file", "context_decision", "failed");

      clock.advance(Duration.ofDays(1));
      tracker.retry(id, true);
      HistoryQueries.TaskEvents reopened = ctx.queries().log(id);
      assertThat(reopened.archived()).isFalse();
      assertThat(reopened.status()).isEqualTo(TaskStatus.IN_PROGRESS);
      assertThat(types(reopened)).endsWith("failed", "retried", "focused");

      clock.advance(Duration.ofMinutes(30));
      tracker.addContext(id, ContextKind.NOTE, "fixed the flaky fixture");
      clock.advance(Duration.ofMinutes(10));
      tracker.complete(id, false);

      HistoryQueries.TaskEvents done = ctx.queries().log(id);
      List<String> expected =
          List.of(
              "created",
              "started",
              "focused",
              "context_file",
              "context_decision",
              "failed",
              "retried",
              "focused",
              "context_note",
              "completed");
      assertThat(types(done)).containsExactlyElementsOf(expected);
      assertInOrderWithSessions(done);

      // Listed once, in its latest state; the failed attempt only with --attempts.
      var latest = ctx.queries().history(HistoryQuery.all(10));
      assertThat(latest.records())
          .filteredOn(r -> r.task().id().equals(id))
          .singleElement()
          .satisfies(r -> assertThat(r.task().status()).isEqualTo(TaskStatus.COMPLETED));
      var attempts =
          ctx.queries()
              .history(
                  QueryInput.history(
                      new QueryInput.Raw(
                          null, null, null, null, null, null, null, null, null, null, null, null,
                          true, 10, null)));
      assertThat(attempts.records())
          .filteredOn(r -> r.task().id().equals(id))
          .extracting(r -> r.task().status(), HistoryQueries.HistoryRecord::superseded)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TaskStatus.COMPLETED, false),
              org.assertj.core.groups.Tuple.tuple(TaskStatus.FAILED, true));
      HistoryStats.Report stats = ctx.queries().stats(null, null, 0);
      assertThat(stats.finished()).isEqualTo(new HistoryStats.Counts(1, 0));
      assertThat(stats.attempts()).isEqualTo(new HistoryStats.Counts(1, 1));
      assertThat(stats.completionRate()).isEqualTo(1.0);

      // A month later the segment is closed; compaction compresses it; the trail is the same.
      clock.set(Instant.parse("2026-04-02T00:00:00Z"));
      ctx.maintenance().compactNow();
      assertThat(ctx.archive().segments()).allMatch(Segment::compressed);
      assertThat(types(ctx.queries().log(id))).containsExactlyElementsOf(expected);
      assertThat(ctx.queries().log(id).events()).isEqualTo(done.events());
    }
    // And from a fresh process, by id prefix through the tracker's resolver.
    try (HistoryContext ctx = HistoryContext.open(home)) {
      UUID resolved = ctx.tracker().resolve(id.toString().substring(0, 6));
      assertThat(resolved).isEqualTo(id);
      assertThat(types(ctx.queries().log(resolved))).hasSize(10).endsWith("completed");
      assertThat(ctx.tracker().get(id).status()).isEqualTo(TaskStatus.COMPLETED);
      assertThatThrownBy(() -> ctx.queries().log(UUID.randomUUID()))
          .isInstanceOf(TaskNotFoundException.class);
    }
  }

  private static void assertInOrderWithSessions(HistoryQueries.TaskEvents events) {
    Instant previous = Instant.MIN;
    for (AuditEntry e : events.events()) {
      assertThat(e.at()).isAfterOrEqualTo(previous);
      assertThat(e.sessionId()).as("session of %s", e.type()).isNotNull();
      assertThat(e.runId()).isNotNull();
      previous = e.at();
    }
  }

  @Test
  void findingAnArchivedTaskByIdOrPrefixUsesTheSidecarOfACompressedSegment() throws Exception {
    HistoryGenerator.generate(
        home, HistoryGenerator.Options.of(1500).months(2).compressed(true, 0));
    try (HistoryContext ctx = HistoryContext.open(home, Map.of())) {
      var page = ctx.queries().history(HistoryQuery.all(1000));
      Task old = page.records().get(page.records().size() - 1).task();
      assertThat(ctx.tracker().find(old.id()))
          .hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(old.id()));
      assertThat(ctx.tracker().resolve(old.id().toString().substring(0, 13))).isEqualTo(old.id());
      assertThat(ctx.queries().log(old.id()).events()).isEqualTo(old.events());
    }
  }
}
