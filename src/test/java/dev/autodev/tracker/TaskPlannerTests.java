package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ready, next, blocked and the tree through the real tracker, store and history. */
class TaskPlannerTests {

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
  void readyAndBlockedOnTwoHundredTasksMatchTheDefinitions() {
    Random random = new Random(42);
    List<Task> created = new ArrayList<>();
    List<Priority> priorities = List.of(Priority.LOW, Priority.MEDIUM, Priority.HIGH);
    for (int i = 0; i < 200; i++) {
      List<UUID> deps = new ArrayList<>();
      for (int k = random.nextInt(3); k > 0 && i > 0; k--) {
        UUID dep = created.get(random.nextInt(i)).id();
        if (!deps.contains(dep)) {
          deps.add(dep);
        }
      }
      created.add(
          tracker.create(
              new NewTask(
                  "t" + i, null, priorities.get(random.nextInt(3)), List.of(), null, deps)));
    }
    // Work through part of it: complete, fail (some retried), leave some in progress.
    int done = 0;
    int failed = 0;
    while (done + failed < 50) {
      List<ReadyTasks.Entry> ready = planner.ready().ready();
      Task pick = ready.get(random.nextInt(ready.size())).task();
      if (pick.status() == TaskStatus.FAILED) {
        tracker.retry(pick.id(), false);
        continue;
      }
      tracker.start(pick.id(), false);
      if (random.nextInt(5) == 0) {
        tracker.fail(pick.id(), "planned");
        failed++;
      } else {
        tracker.complete(pick.id(), false);
        done++;
      }
    }
    List<ReadyTasks.Entry> someReady = planner.ready().ready();
    for (int i = 0; i < 5; i++) {
      Task t = someReady.get(i).task();
      if (t.status() == TaskStatus.PENDING) {
        tracker.start(t.id(), false);
      }
    }

    // The definitions, from each task's record as the tracker finds it.
    Map<UUID, Task> candidates = new HashMap<>();
    tracker.openTasks().forEach(t -> candidates.put(t.id(), t));
    tracker.state().failedTasks().forEach(f -> candidates.put(f.id(), tracker.get(f.id())));
    Set<UUID> expectedReady = new HashSet<>();
    Map<UUID, List<UUID>> expectedBlockers = new HashMap<>();
    for (Task t : candidates.values()) {
      List<UUID> blockers =
          t.dependsOn().stream()
              .filter(d -> tracker.get(d).status() != TaskStatus.COMPLETED)
              .toList();
      if (!blockers.isEmpty()) {
        expectedBlockers.put(t.id(), blockers);
      } else if (t.status() != TaskStatus.IN_PROGRESS) {
        expectedReady.add(t.id());
      }
    }

    ReadyTasks ready = planner.ready();
    assertThat(ready.ready())
        .extracting(e -> e.task().id())
        .containsExactlyInAnyOrderElementsOf(expectedReady);
    assertThat(ready.count()).isEqualTo(expectedReady.size());
    assertThat(ready.ready())
        .as("this session's failed tasks are ready to retry")
        .anySatisfy(e -> assertThat(e.task().status()).isEqualTo(TaskStatus.FAILED));
    BlockedTasks blocked = planner.blocked();
    assertThat(blocked.blocked()).hasSize(expectedBlockers.size());
    for (BlockedTasks.Entry e : blocked.blocked()) {
      assertThat(e.blockedBy())
          .extracting(TaskRef::id)
          .containsExactlyElementsOf(expectedBlockers.get(e.task().id()));
    }
    assertThat(expectedReady).hasSizeGreaterThan(10);
    assertThat(expectedBlockers).hasSizeGreaterThan(10);
    assertThat(planner.next().task()).isEqualTo(ready.ready().get(0).task());
  }

  @Test
  void nextPrefersPriorityThenWhatItUnblocksThenFreshThenAgeAndSaysWhy() {
    Task oldLow = create("Old chore", Priority.LOW);
    Task key = create("Key step", Priority.MEDIUM);
    Task other = create("Other step", Priority.MEDIUM);
    Task waits1 = tracker.create(withDeps("Waits 1", key.id()));
    Task waits2 = tracker.create(withDeps("Waits 2", waits1.id()));
    Task urgent = create("Urgent", Priority.HIGH);

    NextTask next = planner.next();
    assertThat(next.task().id()).isEqualTo(urgent.id());
    assertThat(next.reason())
        .startsWith("high priority, unblocks 0 tasks, created ")
        .endsWith(
            "; no other ready task has a priority as high (next best: task "
                + key.shortId()
                + " 'Key step', medium)");
    assertThat(next.command()).isEqualTo("task start " + urgent.shortId());
    assertThat(next.readyCount()).isEqualTo(4);
    assertThat(next.blockedCount()).isEqualTo(2);

    tracker.start(urgent.id(), false);
    next = planner.next();
    assertThat(next.task().id()).as("in-progress tasks are not next").isEqualTo(key.id());
    assertThat(next.unblocks()).as("directly and through others").isEqualTo(2);
    assertThat(next.inProgressCount()).isEqualTo(1);
    assertThat(next.reason())
        .contains("medium priority, unblocks 2 tasks")
        .endsWith(
            "; it unblocks more than any other medium-priority ready task (next best: task "
                + other.shortId()
                + " 'Other step', unblocks 0)");

    tracker.fail(key.id(), "needs a design review");
    next = planner.next();
    assertThat(next.task().id())
        .as("the failed key step can be retried and still unblocks the most")
        .isEqualTo(key.id());
    assertThat(next.task().status()).isEqualTo(TaskStatus.FAILED);
    assertThat(next.command()).isEqualTo("task retry " + key.shortId() + " --start");
    assertThat(next.reason()).contains("failed before (needs a design review)");

    tracker.retry(key.id(), true);
    tracker.complete(key.id(), false);
    next = planner.next();
    assertThat(next.task().id()).isEqualTo(waits1.id());
    assertThat(next.reason()).contains("unblocks 1 task,");
    tracker.start(waits1.id(), false);
    tracker.complete(waits1.id(), false);

    tracker.fail(other.id(), "later");
    Task younger = create("Younger step", Priority.MEDIUM);
    assertThat(planner.ready().ready())
        .extracting(e -> e.task().id())
        .containsExactly(waits2.id(), younger.id(), other.id(), oldLow.id());
    assertThat(planner.next().reason())
        .endsWith(
            "; it is older than task "
                + younger.shortId()
                + " 'Younger step', which ranks the same otherwise");

    tracker.start(waits2.id(), false);
    tracker.complete(waits2.id(), false);
    next = planner.next();
    assertThat(next.task().id())
        .as("a fresh task before a retry, though younger")
        .isEqualTo(younger.id());
    assertThat(next.reason())
        .endsWith(
            "; a fresh task goes before retrying a failed one (task "
                + other.shortId()
                + " 'Other step' ranks the same but failed before)");
  }

  @Test
  void equallyRankedTasksOfTheSameAgeGoInTheOrderOfTheRevisionsThatCreatedThem() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    Task a =
        TaskGraphTests.task(
            TaskGraphTests.id(1), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now, 8L);
    Task b =
        TaskGraphTests.task(
            TaskGraphTests.id(2), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now, 7L);
    TaskGraph graph =
        new TaskGraph(TrackerState.EMPTY.withTask(a).withTask(b), List.of(), ids -> Map.of());

    List<TaskGraph.Ranked> ready = graph.ready();
    assertThat(ready).extracting(r -> r.task().id()).containsExactly(b.id(), a.id());
    assertThat(graph.tasks()).as("graph order is creation order").containsExactly(b, a);
    assertThat(TaskPlanner.reason(ready.get(0), ready.get(1), now))
        .endsWith(
            "; it is older than task "
                + a.shortId()
                + " '"
                + a.name()
                + "', which ranks"
                + " the same otherwise");
  }

  @Test
  void equallyRankedTasksOfTheSameAgeFromBeforeRevisionsWereRecordedAreOrderedById() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    Task a =
        TaskGraphTests.task(
            TaskGraphTests.id(2), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now, null);
    Task b =
        TaskGraphTests.task(
            TaskGraphTests.id(1), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now, null);
    TaskGraph graph =
        new TaskGraph(TrackerState.EMPTY.withTask(a).withTask(b), List.of(), ids -> Map.of());

    List<TaskGraph.Ranked> ready = graph.ready();
    assertThat(ready).extracting(r -> r.task().id()).containsExactly(b.id(), a.id());
    assertThat(TaskPlanner.reason(ready.get(0), ready.get(1), now.plusSeconds(90_000)))
        .isEqualTo(
            "medium priority, unblocks 0 tasks, created 1d 1h ago; it ties with task "
                + a.shortId()
                + " '"
                + a.name()
                + "' and goes first by id");
    assertThat(TaskPlanner.reason(ready.get(0), null, now))
        .isEqualTo("medium priority, unblocks 0 tasks, created 0s ago; it is the only ready task");
  }

  @Test
  void whenNothingIsReadyNextSaysWhy() {
    assertThat(planner.next().task()).isNull();
    assertThat(planner.next().reason()).isEqualTo("nothing to do: there are no open tasks");

    Task a = create("A", Priority.MEDIUM);
    tracker.create(withDeps("B", a.id()));
    tracker.start(a.id(), false);

    NextTask next = planner.next();
    assertThat(next.task()).isNull();
    assertThat(next.reason())
        .isEqualTo("nothing is ready: 1 in progress, 1 blocked (see 'task blocked')");
  }

  @Test
  void subtasksFormATreeWithStatusesAndAParentWaitsForThem() {
    Task epic = create("Epic", Priority.HIGH);
    Task s1 = subtask("Step 1", epic);
    Task s2 = subtask("Step 2", epic);
    Task s2a = subtask("Step 2a", s2);
    Task s3 = subtask("Step 3", epic);
    Task loose = create("Loose end", Priority.LOW);
    tracker.depend(s3.id(), List.of(s2.id()));
    tracker.start(epic.id(), false);
    tracker.start(s1.id(), false);
    tracker.complete(s1.id(), false);
    tracker.start(s2a.id(), false);

    TaskTree tree = planner.tree(null);
    assertThat(tree.count()).isEqualTo(6);
    assertThat(tree.roots()).extracting(TaskTree.Node::id).containsExactly(epic.id(), loose.id());
    TaskTree.Node epicNode = tree.roots().get(0);
    assertThat(epicNode.children())
        .extracting(TaskTree.Node::name, TaskTree.Node::status, TaskTree.Node::blocked)
        .containsExactly(
            tuple("Step 1", TaskStatus.COMPLETED, false),
            tuple("Step 2", TaskStatus.PENDING, false),
            tuple("Step 3", TaskStatus.PENDING, true));
    TaskTree.Node s2aNode = epicNode.children().get(1).children().get(0);
    assertThat(s2aNode.id()).isEqualTo(s2a.id());
    assertThat(s2aNode.current()).isTrue();
    assertThat(s2aNode.status()).isEqualTo(TaskStatus.IN_PROGRESS);

    TaskTree sub = planner.tree(s2.id());
    assertThat(sub.count()).isEqualTo(2);
    assertThat(sub.roots())
        .singleElement()
        .satisfies(n -> assertThat(n.parentId()).isEqualTo(epic.id()));

    // A parent with open subtasks waits for them, unless forced; forcing says what stays open.
    assertThatThrownBy(() -> tracker.complete(epic.id(), false))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining(
            "has open subtasks: task "
                + s2.shortId()
                + " 'Step 2', task "
                + s3.shortId()
                + " 'Step 3'; finish them first or use --force");
    Task forced = tracker.complete(epic.id(), true);
    assertThat(forced.events())
        .last()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .isEqualTo(
                        "forced; still open: task "
                            + s2.shortId()
                            + " 'Step 2', task "
                            + s3.shortId()
                            + " 'Step 3'"));
    // The epic finished this session, so the tree still shows it over its open subtasks.
    assertThat(planner.tree(null).roots().get(0))
        .satisfies(
            n -> {
              assertThat(n.id()).isEqualTo(epic.id());
              assertThat(n.status()).isEqualTo(TaskStatus.COMPLETED);
              assertThat(n.children()).hasSize(3);
            });
  }

  @Test
  void tasksCreatedInOneClockTickKeepTheirCreationOrderInTreeReadyBlockedAndList(
      @TempDir Path still) throws Exception {
    // A clock that stands still: every task has the same created_at, as when an agent creates
    // several in one millisecond.
    Clock stopped = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    List<String> steps = IntStream.rangeClosed(1, 12).mapToObj(i -> "Step " + i).toList();
    List<String> all = new ArrayList<>(List.of("Epic"));
    all.addAll(steps);
    List<Task> created = new ArrayList<>();
    try (TrackerContext c = TrackerContext.open(still, stopped)) {
      TaskTracker t = c.tracker();
      TaskPlanner p = c.bean(TaskPlanner.class);
      Task epic = t.create(NewTask.named("Epic"));
      for (String name : steps) {
        created.add(t.create(new NewTask(name, null, null, List.of(), epic.id(), List.of())));
      }
      assertThat(created).allSatisfy(x -> assertThat(x.createdAt()).isEqualTo(epic.createdAt()));
      assertThat(created)
          .extracting(Task::createdRevision)
          .as("the revision that created each")
          .containsExactlyElementsOf(
              LongStream.rangeClosed(2, 13).boxed().toList()); // Epic is revision 1

      assertThat(p.tree(null).roots())
          .singleElement()
          .extracting(TaskTree.Node::name)
          .isEqualTo("Epic");
      assertThat(p.tree(epic.id()).roots().get(0).children())
          .extracting(TaskTree.Node::name)
          .containsExactlyElementsOf(steps);
      assertThat(p.ready().ready()).extracting(e -> e.task().name()).containsExactlyElementsOf(all);
      assertThat(p.next().reason())
          .endsWith(
              "it is older than task "
                  + created.get(0).shortId()
                  + " 'Step 1', which ranks the same otherwise");

      // A failed step that is retried comes back in its place, not at the end.
      Task first = created.get(0);
      t.start(first.id(), false);
      t.fail(first.id(), "flaky");
      t.retry(first.id(), false);
      assertThat(t.openTasks()).extracting(Task::name).containsExactlyElementsOf(all);
      Task gate = t.create(NewTask.named("Gate"));
      for (int i = created.size() - 1; i >= 0; i--) {
        t.depend(created.get(i).id(), List.of(gate.id()));
      }
      assertThat(p.blocked().blocked())
          .extracting(e -> e.task().name())
          .containsExactlyElementsOf(steps);
    }
    assertThat(Files.readString(still.resolve("tasks/current.json")))
        .contains("\"created_revision\" : 2");

    // Rebuilt from the journal alone, every task has the same creating revision and place.
    Files.delete(still.resolve("tasks/current.json"));
    Files.delete(still.resolve("tasks/current.json.bak"));
    try (TrackerContext c = TrackerContext.open(still, stopped)) {
      assertThat(c.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).contains("rebuilding current.json from the journal"));
      for (Task x : created) {
        assertThat(c.tracker().get(x.id()).createdRevision()).isEqualTo(x.createdRevision());
      }
      UUID epicId = c.tracker().openTasks().get(0).id();
      assertThat(c.bean(TaskPlanner.class).tree(epicId).roots().get(0).children())
          .extracting(TaskTree.Node::name)
          .containsExactlyElementsOf(steps);
    }
  }

  @Test
  void tasksFromAStoreWrittenBeforeCreationRevisionsComeFirstByTimeThenId(@TempDir Path old)
      throws Exception {
    Clock stopped = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    TrackerState written;
    try (TrackerContext c = TrackerContext.open(old, stopped)) {
      for (int i = 1; i <= 4; i++) {
        c.tracker().create(NewTask.named("Old " + i));
      }
      written = c.tracker().state();
    }
    // current.json as the previous release wrote it: no created_revision on any task.
    Map<UUID, Task> legacy = new LinkedHashMap<>();
    for (Task x : written.tasks().values()) {
      legacy.put(x.id(), withoutCreatedRevision(x));
    }
    SnapshotSeed.write(old, written.withTasks(legacy));
    Files.delete(old.resolve("tasks/current.json.bak"));
    assertThat(Files.readString(old.resolve("tasks/current.json")))
        .doesNotContain("created_revision");

    try (TrackerContext c = TrackerContext.open(old, stopped)) {
      Task new1 = c.tracker().create(NewTask.named("New 1"));
      assertThat(new1.createdRevision()).isEqualTo(c.tracker().state().revision());
      c.tracker().create(NewTask.named("New 2"));
      List<String> oldById =
          legacy.values().stream()
              .sorted(Comparator.comparing(x -> x.id().toString()))
              .map(Task::name)
              .toList();
      List<String> expected = new ArrayList<>(oldById);
      expected.addAll(List.of("New 1", "New 2"));
      assertThat(c.bean(TaskPlanner.class).tree(null).roots())
          .extracting(TaskTree.Node::name)
          .containsExactlyElementsOf(expected);
      assertThat(c.tracker().openTasks())
          .extracting(Task::name)
          .containsExactlyElementsOf(expected);
    }
  }

  private static Task withoutCreatedRevision(Task x) {
    return new Task(
        x.id(),
        x.name(),
        x.description(),
        x.status(),
        x.priority(),
        x.tags(),
        x.parentId(),
        x.dependsOn(),
        x.createdAt(),
        null,
        x.startedAt(),
        x.completedAt(),
        x.failedAt(),
        x.updatedAt(),
        x.durationSeconds(),
        x.attempts(),
        x.failureReason(),
        x.context(),
        x.sessionId(),
        x.version(),
        x.events());
  }

  private Task create(String name, Priority priority) {
    return tracker.create(new NewTask(name, null, priority, List.of(), null, List.of()));
  }

  private Task subtask(String name, Task parent) {
    return tracker.create(new NewTask(name, null, null, List.of(), parent.id(), List.of()));
  }

  private static NewTask withDeps(String name, UUID... deps) {
    return new NewTask(name, null, null, List.of(), null, List.of(deps));
  }
}
