package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding and removing dependencies on real files: cycles refused by name, errors change nothing.
 */
class TaskDependenciesTests {

  @TempDir Path home;
  private TrackerContext ctx;
  private TaskTracker tracker;
  private TaskPlanner planner;

  @BeforeEach
  void open() {
    ctx = TrackerContext.open(home);
    tracker = ctx.tracker();
    planner = ctx.bean(TaskPlanner.class);
  }

  @AfterEach
  void close() {
    ctx.close();
  }

  @Test
  void dependAndUndependChangeWhatIsBlockedAndAreSavedWithTheirOwnEvents() throws Exception {
    Task schema = tracker.create(NewTask.named("Schema"));
    Task migration = tracker.create(NewTask.named("Migration"));

    Task waiting = tracker.depend(migration.id(), List.of(schema.id()));

    assertThat(waiting.dependsOn()).containsExactly(schema.id());
    assertThat(waiting.events())
        .last()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("dependency_added");
              assertThat(e.detail()).isEqualTo("on task " + schema.shortId() + " 'Schema'");
            });
    assertThat(planner.dependencies(migration.id()).blocked()).isTrue();
    assertThat(planner.dependencies(schema.id()).dependents())
        .extracting(TaskRef::id)
        .containsExactly(migration.id());
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl")))
        .contains("\"type\":\"dependency_added\"");
    assertThatThrownBy(() -> tracker.start(migration.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("is blocked by task " + schema.shortId() + " 'Schema' (pending)");

    long revision = tracker.state().revision();
    tracker.depend(migration.id(), List.of(schema.id()));
    assertThat(tracker.state().revision())
        .as("an edge it already has is no change")
        .isEqualTo(revision);

    Task free = tracker.undepend(migration.id(), List.of(schema.id()));
    assertThat(free.dependsOn()).isEmpty();
    assertThat(free.events()).last().extracting(AuditEntry::type).isEqualTo("dependency_removed");
    assertThat(planner.dependencies(migration.id()).blocked()).isFalse();
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl")))
        .contains("\"type\":\"dependency_removed\"");
  }

  @Test
  void aCycleIsRefusedNamingItAndNothingChanges() throws Exception {
    Task a = tracker.create(NewTask.named("A"));
    Task b = tracker.create(withDeps("B", a.id()));
    Task c = tracker.create(withDeps("C", b.id()));
    byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));
    byte[] journal = Files.readAllBytes(home.resolve("tasks/journal.jsonl"));

    assertThatThrownBy(() -> tracker.depend(a.id(), List.of(c.id())))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessage(
            "task %s 'A' cannot depend on task %s 'C': that would close the cycle %s → %s → %s → %s"
                + " (each waits on the next)",
            a.shortId(), c.shortId(), a.shortId(), c.shortId(), b.shortId(), a.shortId())
        .satisfies(
            e ->
                assertThat(((DependencyCycleException) e).cycle())
                    .containsExactly(a.id(), c.id(), b.id(), a.id()));
    assertThatThrownBy(() -> tracker.depend(a.id(), List.of(b.id())))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessageContaining(
            "the cycle " + a.shortId() + " → " + b.shortId() + " → " + a.shortId());
    assertThatThrownBy(() -> tracker.depend(a.id(), List.of(a.id())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot depend on itself");

    assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isEqualTo(current);
    assertThat(Files.readAllBytes(home.resolve("tasks/journal.jsonl"))).isEqualTo(journal);
  }

  @Test
  void aLongCycleIsRefusedNamingEveryTaskOnIt() {
    // t0 ← t1 ← … ← t199: each task depends on the one before it.
    List<Task> chain = new ArrayList<>();
    chain.add(tracker.create(NewTask.named("t0")));
    for (int i = 1; i < 200; i++) {
      chain.add(tracker.create(withDeps("t" + i, chain.get(i - 1).id())));
    }
    Task first = chain.get(0);
    Task last = chain.get(199);
    long revision = tracker.state().revision();

    List<String> cycle = new ArrayList<>(List.of(first.shortId()));
    for (int i = 199; i >= 0; i--) {
      cycle.add(chain.get(i).shortId());
    }
    String expectedCycle = String.join(" → ", cycle);
    assertThatThrownBy(() -> tracker.depend(first.id(), List.of(last.id())))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessageContaining("that would close the cycle " + expectedCycle + " (")
        .satisfies(e -> assertThat(((DependencyCycleException) e).cycle()).hasSize(201));
    assertThat(tracker.state().revision()).isEqualTo(revision);
    assertThat(tracker.get(first.id()).dependsOn()).isEmpty();

    // The same chain without the cycle is fine: an extra edge across it.
    assertThat(tracker.depend(last.id(), List.of(first.id())).dependsOn()).hasSize(2);
  }

  @Test
  void severalDependenciesAreAddedAtomically() {
    Task a = tracker.create(NewTask.named("A"));
    Task b = tracker.create(NewTask.named("B"));
    Task c = tracker.create(withDeps("C", b.id()));

    assertThatThrownBy(() -> tracker.depend(b.id(), List.of(a.id(), c.id())))
        .isInstanceOf(DependencyCycleException.class);
    assertThat(tracker.get(b.id()).dependsOn()).as("the good edge was not added either").isEmpty();

    Task both = tracker.depend(c.id(), List.of(a.id(), b.id()));
    assertThat(both.dependsOn()).containsExactly(b.id(), a.id());
    assertThat(both.events())
        .extracting(AuditEntry::type)
        .containsExactly("created", "dependency_added");
  }

  @Test
  void completedTasksAreFineToDependOnAndUnknownOnesAreRefused() {
    Task done = tracker.create(NewTask.named("Setup"));
    tracker.start(done.id(), false);
    tracker.complete(done.id(), false);
    Task next = tracker.create(NewTask.named("Build"));

    tracker.depend(next.id(), List.of(done.id()));
    assertThat(planner.dependencies(next.id()).blocked()).isFalse();
    assertThat(planner.ready().ready()).extracting(e -> e.task().id()).contains(next.id());
    assertThat(tracker.start(next.id(), false).status()).isEqualTo(TaskStatus.IN_PROGRESS);

    UUID unknown = UUID.randomUUID();
    assertThatThrownBy(() -> tracker.depend(next.id(), List.of(unknown)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no dependency task with id " + unknown);
    assertThatThrownBy(() -> tracker.depend(done.id(), List.of(next.id())))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("completed tasks cannot change");
  }

  @Test
  void aCycleThroughAFailedTaskIsRefusedBecauseARetryWouldBringItBack() {
    Task a = tracker.create(NewTask.named("A"));
    Task b = tracker.create(withDeps("B", a.id()));
    tracker.fail(b.id(), "abandoned for now");

    assertThatThrownBy(() -> tracker.depend(a.id(), List.of(b.id())))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessageContaining(a.shortId() + " → " + b.shortId() + " → " + a.shortId());
  }

  @Test
  void removingADependencyATaskDoesNotHaveIsNotFound() {
    Task a = tracker.create(NewTask.named("A"));
    Task b = tracker.create(withDeps("B", a.id()));
    Task c = tracker.create(NewTask.named("C"));

    assertThatThrownBy(() -> tracker.undepend(b.id(), List.of(c.id())))
        .isInstanceOf(DependencyNotFoundException.class)
        .hasMessage(
            "task "
                + b.shortId()
                + " 'B' does not depend on task "
                + c.shortId()
                + "; it depends on "
                + a.shortId());
    assertThat(tracker.get(b.id()).dependsOn()).containsExactly(a.id());
  }

  @Test
  void theNewEventsReadBackFromTheJournalFormat() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    for (DomainEvent event :
        List.of(new DomainEvent.DependencyAdded(a, b), new DomainEvent.DependencyRemoved(a, b))) {
      byte[] line = TrackerJson.compact(event);
      assertThat(TrackerJson.mapper().readValue(line, DomainEvent.class)).isEqualTo(event);
    }
    assertThat(
            new String(
                TrackerJson.compact(new DomainEvent.DependencyAdded(a, b)),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"type\":\"dependency_added\",\"task_id\":\""
                + a
                + "\",\"depends_on\":\""
                + b
                + "\"}");
  }

  private static NewTask withDeps(String name, UUID... deps) {
    return new NewTask(name, null, null, List.of(), null, List.of(deps));
  }
}
