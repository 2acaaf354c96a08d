package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTransitionsTests {

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

  @Test
  void createdTaskIsPendingWithItsCreationInTheTrail() {
    Task task = tracker.create(NewTask.named("  Write the parser  "));

    assertThat(task.name()).isEqualTo("Write the parser");
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.priority()).isEqualTo(Priority.MEDIUM);
    assertThat(task.version()).isEqualTo(1);
    assertThat(task.events()).extracting(AuditEntry::type).containsExactly("created");
    assertThat(tracker.openTasks()).containsExactly(task);
  }

  @Test
  void startMakesTheTaskCurrentAndCompleteArchivesItAndClearsTheScope() {
    Task task = tracker.create(NewTask.named("Implement feature X"));

    Task started = tracker.start(task.id(), false);
    assertThat(started.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(started.startedAt()).isNotNull();
    assertThat(started.attempts()).isEqualTo(1);
    assertThat(tracker.state().currentTaskId()).isEqualTo(task.id());

    Task done = tracker.complete(task.id(), false);
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.completedAt()).isNotNull();
    assertThat(tracker.openTasks()).isEmpty();
    assertThat(tracker.state().currentTaskId()).isNull();
    assertThat(tracker.state().completedTasks())
        .singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo(task.id()));
    assertThat(tracker.get(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.events())
        .extracting(AuditEntry::type)
        .containsExactly("created", "started", "focused", "completed");
  }

  @Test
  void completingTheCurrentSubtaskReturnsTheFocusToItsParent() {
    Task parent = tracker.create(NewTask.named("Epic"));
    Task child =
        tracker.create(new NewTask("Step 1", null, null, List.of(), parent.id(), List.of()));
    tracker.start(parent.id(), false);
    tracker.start(child.id(), false);
    assertThat(tracker.state().currentTaskId()).isEqualTo(child.id());

    tracker.complete(child.id(), false);

    assertThat(tracker.state().currentTaskId()).isEqualTo(parent.id());
  }

  @Test
  void failArchivesWithTheReasonAndRetryBringsItBackWithOneMoreAttempt() {
    Task task = tracker.create(NewTask.named("Flaky deploy"));
    tracker.start(task.id(), false);

    Task failed = tracker.fail(task.id(), "CI timed out");
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("CI timed out");
    assertThat(tracker.openTasks()).isEmpty();
    assertThat(tracker.state().failedTasks())
        .extracting(FailedSummary::id)
        .containsExactly(task.id());

    Task retried = tracker.retry(task.id(), false);
    assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(tracker.openTasks()).extracting(Task::id).containsExactly(task.id());
    assertThat(tracker.state().failedTasks()).isEmpty();

    Task again = tracker.start(task.id(), false);
    assertThat(again.attempts()).isEqualTo(2);
  }

  @Test
  void pendingTaskCanBeAbandoned() {
    Task task = tracker.create(NewTask.named("Maybe later"));

    Task abandoned = tracker.fail(task.id(), "out of scope");

    assertThat(abandoned.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(abandoned.events())
        .last()
        .satisfies(e -> assertThat(e.from()).isEqualTo(TaskStatus.PENDING));
  }

  @Test
  void invalidTransitionsAreRefusedClearlyAndChangeNothing() throws Exception {
    Task task = tracker.create(NewTask.named("Only pending"));
    long revision = tracker.state().revision();
    byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));

    assertThatThrownBy(() -> tracker.complete(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("is pending: start it first");
    assertThatThrownBy(() -> tracker.retry(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("only failed tasks can be retried");

    tracker.start(task.id(), false);
    assertThatThrownBy(() -> tracker.start(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("already in progress");
    tracker.complete(task.id(), false);
    assertThatThrownBy(() -> tracker.start(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("completed tasks cannot change");
    assertThatThrownBy(() -> tracker.fail(task.id(), "too late"))
        .isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> tracker.retry(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("completed tasks cannot change");

    // Only the three accepted changes were written.
    assertThat(tracker.state().revision()).isEqualTo(revision + 2);
    assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isNotEqualTo(current);
  }

  @Test
  void refusedChangeLeavesTheFilesByteForByteUntouched() throws Exception {
    Task task = tracker.create(NewTask.named("Stable"));
    byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));
    byte[] journal = Files.readAllBytes(home.resolve("tasks/journal.jsonl"));

    assertThatThrownBy(() -> tracker.complete(task.id(), false))
        .isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> tracker.create(NewTask.named("   ")))
        .isInstanceOf(InvalidInputException.class);

    assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isEqualTo(current);
    assertThat(Files.readAllBytes(home.resolve("tasks/journal.jsonl"))).isEqualTo(journal);
  }

  @Test
  void unknownIdsAreNotFound() {
    assertThatThrownBy(() -> tracker.start(java.util.UUID.randomUUID(), false))
        .isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> tracker.resolve("abcd1234")).isInstanceOf(TaskNotFoundException.class);
  }

  @Test
  void startingABlockedTaskIsRefusedNamingTheBlockerUnlessForced() {
    Task first = tracker.create(NewTask.named("Schema"));
    Task second =
        tracker.create(new NewTask("Migration", null, null, List.of(), null, List.of(first.id())));

    assertThatThrownBy(() -> tracker.start(second.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("blocked by task " + first.shortId());

    Task forced = tracker.start(second.id(), true);
    assertThat(forced.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(forced.events()).last().isNotNull();
  }

  @Test
  void completingAParentWithOpenSubtasksNeedsForce() {
    Task parent = tracker.create(NewTask.named("Parent"));
    tracker.create(new NewTask("Child", null, null, List.of(), parent.id(), List.of()));
    tracker.start(parent.id(), false);

    assertThatThrownBy(() -> tracker.complete(parent.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("open subtasks");
    assertThat(tracker.complete(parent.id(), true).status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void contextUpdatesAreRecordedInTheContextAndTheTrail() {
    Task task = tracker.create(NewTask.named("Refactor"));

    tracker.addContext(task.id(), ContextKind.FILE, "src/main.rs");
    tracker.addContext(task.id(), ContextKind.FILE, "src/main.rs");
    tracker.addContext(task.id(), ContextKind.DECISION, "Use async pattern");
    Task noted = tracker.addContext(task.id(), ContextKind.NOTE, "check the benchmarks");

    assertThat(noted.context().filesModified()).containsExactly("src/main.rs");
    assertThat(noted.context().decisions()).containsExactly("Use async pattern");
    assertThat(noted.context().notes()).containsExactly("check the benchmarks");
    assertThat(noted.events())
        .extracting(AuditEntry::type)
        .containsExactly("created", "context_file", "context_decision", "context_note");
  }

  @Test
  void idPrefixesResolveWhenUniqueAndAreRefusedWhenAmbiguous() {
    Task task = tracker.create(NewTask.named("One"));

    assertThat(tracker.resolve(task.id().toString().substring(0, 6))).isEqualTo(task.id());
    assertThat(tracker.resolve(task.id().toString().toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(task.id());
    assertThatThrownBy(() -> tracker.resolve("abc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least its first 4 characters");
    assertThatThrownBy(() -> tracker.resolve("../etc/passwd"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void focusSwitchesTheCurrentTaskAndRecordsItOnBothTasks() {
    Task a = tracker.create(NewTask.named("A"));
    Task b = tracker.create(NewTask.named("B"));
    tracker.start(a.id(), false);

    tracker.focus(b.id());

    assertThat(tracker.state().currentTaskId()).isEqualTo(b.id());
    assertThat(tracker.get(a.id()).events()).extracting(AuditEntry::type).contains("unfocused");
    assertThat(tracker.get(b.id()).events()).extracting(AuditEntry::type).contains("focused");
    tracker.focus(null);
    assertThat(tracker.state().currentTaskId()).isNull();
  }
}
