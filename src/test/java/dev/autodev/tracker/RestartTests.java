package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.TrackerContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything survives a restart, and two contexts on one folder see each other's changes. */
class RestartTests {

  @TempDir Path home;

  @Test
  void aSecondStartSeesEverythingTheFirstDid() {
    Task open;
    Task done;
    TrackerState before;
    try (TrackerContext first = TrackerContext.open(home)) {
      TaskTracker t = first.tracker();
      open = t.create(NewTask.named("Implement feature X"));
      t.start(open.id(), false);
      t.addContext(open.id(), ContextKind.DECISION, "Use async pattern");
      done = t.create(NewTask.named("Setup project"));
      t.start(done.id(), false);
      t.complete(done.id(), false);
      t.focus(open.id());
      before = t.state();
    }
    try (TrackerContext second = TrackerContext.open(home)) {
      TrackerState after = second.tracker().state();
      assertThat(after.tasks()).isEqualTo(before.tasks());
      assertThat(after.currentTaskId()).isEqualTo(open.id());
      assertThat(after.sessionId()).isEqualTo(before.sessionId());
      assertThat(after.completedTasks()).isEqualTo(before.completedTasks());
      assertThat(second.tracker().get(done.id()).status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(after.runs().recent())
          .last()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.CLEAN));
      assertThat(second.tracker().startupRecovery()).isEmpty();
    }
  }

  @Test
  void twoContextsOnOneFolderSeeEachOthersChangesImmediately() {
    try (TrackerContext a = TrackerContext.open(home);
        TrackerContext b = TrackerContext.open(home)) {
      Task fromA = a.tracker().create(NewTask.named("from A"));
      assertThat(b.tracker().openTasks()).extracting(Task::id).containsExactly(fromA.id());
      b.tracker().start(fromA.id(), false);
      Task fromB = b.tracker().create(NewTask.named("from B"));
      assertThat(a.tracker().get(fromA.id()).status()).isEqualTo(TaskStatus.IN_PROGRESS);
      assertThat(a.tracker().openTasks())
          .extracting(Task::id)
          .containsExactly(fromA.id(), fromB.id());
      assertThat(a.tracker().state().revision()).isEqualTo(b.tracker().state().revision());
    }
  }
}
