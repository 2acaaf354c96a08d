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

/** Editing and deleting open tasks, and the version precondition, through real files. */
class TaskEditDeleteTests {

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
  void editChangesOnlyTheGivenFieldsAsOneJournaledChangeThatSurvivesARestart() throws Exception {
    Task task = tracker.create(NewTask.named("Write the parser"));
    long revision = tracker.state().revision();

    Task edited =
        tracker.edit(
            task.id(),
            new TaskEdit("Write the lexer", null, Priority.HIGH, List.of("db", "db", "x")),
            ExpectedVersion.of(task.version()));

    assertThat(edited.name()).isEqualTo("Write the lexer");
    assertThat(edited.priority()).isEqualTo(Priority.HIGH);
    assertThat(edited.tags()).containsExactly("db", "x");
    assertThat(edited.description()).isNull();
    assertThat(edited.version()).isEqualTo(task.version() + 1);
    assertThat(edited.events().get(edited.events().size() - 1).detail())
        .isEqualTo("name, priority, tags");
    assertThat(tracker.state().revision()).isEqualTo(revision + 1);
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl"))).contains("task_edited");

    ctx.close();
    ctx = TrackerContext.open(home);
    tracker = ctx.tracker();
    assertThat(tracker.get(task.id())).isEqualTo(edited);
  }

  @Test
  void anEditThatChangesNothingIsNotAChangeAndEmptyOrBadEditsAreRefused() {
    Task task =
        tracker.create(new NewTask("A", "text", Priority.LOW, List.of("t"), null, List.of()));
    long revision = tracker.state().revision();

    Task same =
        tracker.edit(task.id(), new TaskEdit("A", "text", Priority.LOW, null), ExpectedVersion.ANY);
    assertThat(same.version()).isEqualTo(task.version());
    assertThat(tracker.state().revision()).isEqualTo(revision);

    assertThatThrownBy(
            () ->
                tracker.edit(task.id(), new TaskEdit(null, null, null, null), ExpectedVersion.ANY))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                tracker.edit(
                    task.id(),
                    new TaskEdit("x".repeat(201), null, null, null),
                    ExpectedVersion.ANY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit is 200");
    assertThatThrownBy(
            () ->
                tracker.edit(
                    task.id(), new TaskEdit(null, null, null, List.of("a b")), ExpectedVersion.ANY))
        .isInstanceOf(InvalidInputException.class);

    Task cleared =
        tracker.edit(task.id(), new TaskEdit(null, "", null, List.of()), ExpectedVersion.ANY);
    assertThat(cleared.description()).isNull();
    assertThat(cleared.tags()).isEmpty();
  }

  @Test
  void aStaleExpectedVersionRefusesEveryKindOfChangeAndChangesNothing() {
    Task task = tracker.create(NewTask.named("A"));
    Task other = tracker.create(NewTask.named("B"));
    ExpectedVersion stale = ExpectedVersion.of(task.version() + 5);
    long revision = tracker.state().revision();

    List<Runnable> changes =
        List.of(
            () -> tracker.edit(task.id(), new TaskEdit("C", null, null, null), stale),
            () -> tracker.start(task.id(), false, stale),
            () -> tracker.fail(task.id(), "why", stale),
            () -> tracker.addContext(task.id(), ContextKind.NOTE, "n", stale),
            () -> tracker.depend(task.id(), List.of(other.id()), stale),
            () -> tracker.delete(task.id(), stale));
    for (Runnable change : changes) {
      assertThatThrownBy(change::run)
          .isInstanceOf(StaleVersionException.class)
          .hasMessageContaining(
              "is at version " + task.version() + ", not " + (task.version() + 5));
    }
    assertThat(tracker.state().revision()).isEqualTo(revision);
    assertThat(tracker.get(task.id())).isEqualTo(task);

    Task started = tracker.start(task.id(), false, ExpectedVersion.of(task.version()));
    assertThat(started.status()).isEqualTo(TaskStatus.IN_PROGRESS);
  }

  @Test
  void deleteRemovesAnOpenTaskKeepsItInTheJournalAndMovesTheFocus() throws Exception {
    Task parent = tracker.create(NewTask.named("Parent"));
    Task child =
        tracker.create(new NewTask("Child", null, null, List.of(), parent.id(), List.of()));
    tracker.start(child.id(), false);

    assertThatThrownBy(() -> tracker.delete(parent.id(), ExpectedVersion.ANY))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("is its subtask");

    Task deleted = tracker.delete(child.id(), ExpectedVersion.ANY);
    assertThat(deleted.events().get(deleted.events().size() - 1).type()).isEqualTo("deleted");
    assertThat(tracker.find(child.id())).isEmpty();
    assertThat(tracker.state().currentTaskId()).isEqualTo(parent.id());
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl")))
        .contains("task_deleted")
        .contains("\"Child\"");
    assertThatThrownBy(() -> tracker.resolve(child.id().toString().substring(0, 8)))
        .isInstanceOf(TaskNotFoundException.class);

    ctx.close();
    ctx = TrackerContext.open(home);
    tracker = ctx.tracker();
    assertThat(tracker.find(child.id())).isEmpty();
    assertThat(tracker.find(parent.id())).isPresent();
  }

  @Test
  void deleteIsRefusedWhileAnOpenTaskDependsOnItAndForFinishedTasks() {
    Task base = tracker.create(NewTask.named("Base"));
    Task waiting =
        tracker.create(new NewTask("Waiting", null, null, List.of(), null, List.of(base.id())));
    assertThatThrownBy(() -> tracker.delete(base.id(), ExpectedVersion.ANY))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("depends on it");

    tracker.start(waiting.id(), true);
    tracker.complete(waiting.id(), false);
    assertThatThrownBy(() -> tracker.delete(waiting.id(), ExpectedVersion.ANY))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("completed");
    assertThat(tracker.delete(base.id(), ExpectedVersion.ANY).id()).isEqualTo(base.id());
  }
}
