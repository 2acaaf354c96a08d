package dev.autodev.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TaskRef;
import dev.autodev.tracker.TaskTracker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume report and the session views over a real store: what is ready next and what is
 * blocked, the current task's scope, idle time, the memory digest, and the state between {@code
 * session end} and the next change.
 */
class SessionViewTests {

  @TempDir Path home;

  private TrackerContext ctx;
  private TaskTracker tracker;

  @BeforeEach
  void open() {
    ctx = TrackerContext.open(home);
    tracker = ctx.tracker();
  }

  @AfterEach
  void close() {
    ctx.close();
  }

  private SessionView view(Clock clock) {
    return new SessionView(tracker, ctx.bean(TaskPlanner.class), ctx.bean(SessionLog.class), clock);
  }

  private SessionView view() {
    return view(Clock.systemUTC());
  }

  private Task task(String name, Priority priority, UUID... dependsOn) {
    return tracker.create(new NewTask(name, null, priority, List.of(), null, List.of(dependsOn)));
  }

  @Test
  void readyMeansEveryDependencyCompletedAndComesBestFirst() {
    Task doneLastSession = task("done last session", Priority.LOW);
    tracker.start(doneLastSession.id(), false);
    tracker.complete(doneLastSession.id(), false);
    Task failed = task("failed", Priority.LOW);
    tracker.fail(failed.id(), "gave up");
    tracker.endSession(); // the summaries are gone: history has to answer for these two

    Task doneNow = task("done now", Priority.LOW);
    tracker.start(doneNow.id(), false);
    tracker.complete(doneNow.id(), false);
    Task open = task("still open", Priority.LOW);
    Task lowFree = task("low, free", Priority.LOW);
    Task highAfterOld = task("high, after old work", Priority.HIGH, doneLastSession.id());
    Task mediumAfterNew = task("medium, after new work", Priority.MEDIUM, doneNow.id());
    Task afterFailed = task("after a failure", Priority.HIGH, failed.id());
    Task afterOpen = task("after open work", Priority.HIGH, open.id());
    Task inProgress = task("in progress", Priority.HIGH);
    tracker.start(inProgress.id(), false);

    ResumeReport r = view().resume();

    assertThat(r.ready())
        .extracting(e -> e.task().name())
        .containsExactly(highAfterOld.name(), mediumAfterNew.name(), open.name(), lowFree.name());
    assertThat(r.blocked())
        .extracting(e -> e.task().name())
        .containsExactly(afterFailed.name(), afterOpen.name());
    assertThat(r.currentTask().id()).isEqualTo(inProgress.id());
    assertThat(r.inProgress()).as("the current task is not listed twice").isEmpty();

    tracker.focus(lowFree.id());
    ResumeReport focused = view().resume();
    assertThat(focused.currentTask().id()).isEqualTo(lowFree.id());
    assertThat(focused.ready()).extracting(e -> e.task().id()).doesNotContain(lowFree.id());
    assertThat(focused.next().task()).isNotNull();
    assertThat(focused.inProgress()).extracting(Task::id).containsExactly(inProgress.id());
  }

  @Test
  void theReportCarriesScopeIdleTimeAndTheNewestMemory() {
    Task epic = tracker.create(NewTask.named("Epic"));
    Task story = tracker.create(new NewTask("Story", null, null, List.of(), epic.id(), List.of()));
    Task step = tracker.create(new NewTask("Step", null, null, List.of(), story.id(), List.of()));
    tracker.start(step.id(), false);
    tracker.addContext(step.id(), ContextKind.FILE, "src/Step.java");
    tracker.addContext(step.id(), ContextKind.NOTE, "n".repeat(300));
    for (int i = 0; i < 7; i++) {
      tracker.decide("decision " + i, null, List.of());
    }
    tracker.learn("pattern", null, List.of());
    tracker.setProjectType("cli_tool");
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(90));

    ResumeReport r = view(later).resume();

    assertThat(r.scope()).extracting(TaskRef::name).containsExactly("Epic", "Story", "Step");
    assertThat(r.idleSeconds()).isBetween(5399L, 5460L);
    MemoryDigest m = r.memory();
    assertThat(m.projectType()).isEqualTo("cli_tool");
    assertThat(m.decisionCount()).isEqualTo(7);
    assertThat(m.latestDecisions())
        .extracting(MemoryEntry::text)
        .containsExactly("decision 6", "decision 5", "decision 4", "decision 3", "decision 2");
    assertThat(m.latestPatterns()).hasSize(1);

    StringWriter screen = new StringWriter();
    SessionText.resume(new PrintWriter(screen, true), r);
    assertThat(screen.toString())
        .contains("last change 1h 30m ")
        .contains("Current task: " + step.shortId() + " 'Step' (in_progress")
        .contains("under:    " + epic.shortId() + " 'Epic' > " + story.shortId() + " 'Story'")
        .contains("files:    src/Step.java")
        .doesNotContain("Ready next")
        .contains("n".repeat(159) + "…")
        .doesNotContain("n".repeat(161))
        .contains("Memory: project type cli_tool; 7 decisions, 1 pattern, 0 facts")
        .contains("decision 6")
        .doesNotContain("decision 1\n");
  }

  @Test
  void betweenSessionEndAndTheNextChangeNoSessionIsOpen() {
    Task carried = tracker.create(NewTask.named("carried"));
    tracker.start(carried.id(), false);
    UUID first = tracker.state().sessionId();
    tracker.endSession();

    ResumeReport r = view().resume();
    assertThat(r.sessionOpen()).isFalse();
    assertThat(r.sessionId()).isNull();
    assertThat(r.lastEndedSession().sessionId()).isEqualTo(first);
    assertThat(r.currentTask().id()).isEqualTo(carried.id());
    SessionInfo info = view().show();
    assertThat(info.open()).isFalse();
    assertThat(info.lastEnded().sessionId()).isEqualTo(first);
    assertThat(info.openTasks()).isEqualTo(1);

    tracker.addContext(carried.id(), ContextKind.NOTE, "next morning");
    SessionInfo next = view().show();
    assertThat(next.open()).isTrue();
    assertThat(next.sessionId()).isNotEqualTo(first);
    assertThat(next.lastEnded()).isNull();
    assertThat(view().list(10).sessions()).extracting(s -> s.sessionId()).containsExactly(first);
    assertThatThrownBy(() -> view().list(0)).isInstanceOf(InvalidInputException.class);
  }
}
