package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.autodev.support.TrackerContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
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
  void equallyRankedTasksOfTheSameAgeAreOrderedById() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    Task a =
        TaskGraphTests.task(
            TaskGraphTests.id(2), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now);
    Task b =
        TaskGraphTests.task(
            TaskGraphTests.id(1), Priority.MEDIUM, TaskStatus.PENDING, List.of(), now);
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
