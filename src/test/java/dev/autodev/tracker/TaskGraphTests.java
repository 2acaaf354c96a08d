package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph computations against an independent brute force, on random graphs of a few hundred
 * tasks that mix every kind of dependency: open tasks, tasks completed this session, this session's
 * failed (retryable) tasks, tasks archived earlier (completed or failed) and lost ids.
 */
class TaskGraphTests {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Priority> HIGH_FIRST =
      List.of(Priority.HIGH, Priority.MEDIUM, Priority.LOW);

  /** A random world: the state, the retryable failed records, and what history holds. */
  private record World(TrackerState state, List<Task> retryable, Map<UUID, Task> history) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void readyBlockedAndUnblocksMatchABruteForce(long seed) {
    World w = randomWorld(new Random(seed), 300);
    AtomicInteger historyPasses = new AtomicInteger();
    TaskGraph graph =
        new TaskGraph(
            w.state(),
            w.retryable(),
            ids -> {
              historyPasses.incrementAndGet();
              Map<UUID, TaskRef> found = new HashMap<>();
              for (UUID id : ids) {
                Task t = w.history().get(id);
                if (t != null) {
                  found.put(id, TaskRef.of(t));
                }
              }
              return found;
            });

    BruteForce expected = new BruteForce(w);
    assertThat(historyPasses).as("one history pass per query, never one per edge").hasValue(1);
    assertThat(graph.blockedTasks())
        .extracting(Task::id)
        .containsExactlyElementsOf(expected.blocked);
    for (Task t : graph.blockedTasks()) {
      assertThat(graph.blockers(t))
          .extracting(TaskRef::id)
          .containsExactlyElementsOf(expected.blockers.get(t.id()));
    }
    List<TaskGraph.Ranked> ready = graph.ready();
    assertThat(ready).extracting(r -> r.task().id()).containsExactlyElementsOf(expected.ready);
    for (TaskGraph.Ranked r : ready) {
      assertThat(r.unblocks())
          .as("unblocks of %s", r.task().id())
          .isEqualTo(expected.unblocks(r.task().id()));
    }
    assertThat(graph.ready(2))
        .as("the first two, tiers computed lazily")
        .isEqualTo(ready.subList(0, 2));
    assertThat(graph.readyCount()).isEqualTo(ready.size());
    assertThat(ready).as("the sample exercises the ordering").hasSizeGreaterThan(20);
    assertThat(expected.blocked).hasSizeGreaterThan(20);
  }

  @Test
  void pathIsTheShortestChainOrNull() {
    UUID a = id(1);
    UUID b = id(2);
    UUID c = id(3);
    UUID d = id(4);
    // a → b → c → d, and a shortcut a → d.
    Map<UUID, List<UUID>> edges = Map.of(a, List.of(b, d), b, List.of(c), c, List.of(d));
    Function<Set<UUID>, Map<UUID, List<UUID>>> batch =
        ids -> {
          Map<UUID, List<UUID>> m = new HashMap<>();
          ids.forEach(i -> m.put(i, edges.getOrDefault(i, List.of())));
          return m;
        };

    assertThat(TaskGraph.path(a, d, batch)).containsExactly(a, d);
    assertThat(TaskGraph.path(a, c, batch)).containsExactly(a, b, c);
    assertThat(TaskGraph.path(d, a, batch)).isNull();
  }

  // ---------------------------------------------------------------- the world

  private static World randomWorld(Random random, int n) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(id(1000 + i));
    }
    Map<UUID, Task> open = new LinkedHashMap<>();
    List<CompletedSummary> completedNow = new ArrayList<>();
    List<FailedSummary> failedNow = new ArrayList<>();
    List<Task> retryable = new ArrayList<>();
    Map<UUID, Task> history = new HashMap<>();
    for (int i = 0; i < n; i++) {
      List<UUID> deps = new ArrayList<>();
      int count = random.nextInt(4);
      for (int k = 0; k < count && i > 0; k++) {
        UUID dep = ids.get(random.nextInt(i));
        if (!deps.contains(dep)) {
          deps.add(dep);
        }
      }
      if (random.nextInt(40) == 0) {
        deps.add(id(900_000 + i)); // a dependency whose history was lost
      }
      Priority priority = HIGH_FIRST.get(random.nextInt(3));
      // Few distinct creation times, so ties on age happen. The first third were created before
      // tasks recorded the revision that created them: among those the time, then the id decides.
      Instant created = T0.plusSeconds(random.nextInt(n / 3));
      Long revision = i < n / 3 ? null : (long) (i + 1);
      int kind = random.nextInt(20);
      TaskStatus status =
          kind < 10
              ? TaskStatus.PENDING
              : kind < 12
                  ? TaskStatus.IN_PROGRESS
                  : kind < 17 ? TaskStatus.COMPLETED : TaskStatus.FAILED;
      Task t = task(ids.get(i), priority, status, deps, created, revision);
      switch (kind) {
        case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 -> open.put(t.id(), t);
        case 12, 13, 14 -> {
          completedNow.add(new CompletedSummary(t.id(), t.name(), created, 1));
          history.put(t.id(), t);
        }
        case 15, 16 -> history.put(t.id(), t); // completed in an earlier session
        case 17, 18 -> {
          failedNow.add(new FailedSummary(t.id(), t.name(), created, "boom", 1));
          retryable.add(t);
          history.put(t.id(), t);
        }
        default -> history.put(t.id(), t); // failed in an earlier session
      }
    }
    TrackerState state =
        TrackerState.EMPTY
            .withTasks(open)
            .withCompletedTasks(completedNow)
            .withFailedTasks(failedNow);
    return new World(state, retryable, history);
  }

  /** The definitions, computed the slow and obvious way. */
  private static final class BruteForce {
    final List<UUID> blocked = new ArrayList<>();
    final Map<UUID, List<UUID>> blockers = new HashMap<>();
    final List<UUID> ready;
    private final Map<UUID, Task> nodes = new LinkedHashMap<>();

    BruteForce(World w) {
      w.state().tasks().values().stream()
          .sorted(BruteForce::olderFirst)
          .forEach(t -> nodes.put(t.id(), t));
      w.retryable().forEach(t -> nodes.putIfAbsent(t.id(), t));
      Set<UUID> completed = new HashSet<>();
      w.state().completedTasks().forEach(c -> completed.add(c.id()));
      w.history().values().stream()
          .filter(t -> t.status() == TaskStatus.COMPLETED)
          .forEach(t -> completed.add(t.id()));
      List<Task> readyTasks = new ArrayList<>();
      for (Task t : nodes.values()) {
        List<UUID> open = t.dependsOn().stream().filter(d -> !completed.contains(d)).toList();
        if (!open.isEmpty()) {
          blocked.add(t.id());
          blockers.put(t.id(), open);
        } else if (t.status() == TaskStatus.PENDING || t.status() == TaskStatus.FAILED) {
          readyTasks.add(t);
        }
      }
      Comparator<Task> order =
          (x, y) -> {
            if (x.priority() != y.priority()) {
              return HIGH_FIRST.indexOf(x.priority()) - HIGH_FIRST.indexOf(y.priority());
            }
            if (unblocks(x.id()) != unblocks(y.id())) {
              return unblocks(y.id()) - unblocks(x.id());
            }
            boolean xf = x.status() == TaskStatus.FAILED;
            boolean yf = y.status() == TaskStatus.FAILED;
            if (xf != yf) {
              return xf ? 1 : -1;
            }
            return olderFirst(x, y);
          };
      readyTasks.sort(order);
      ready = readyTasks.stream().map(Task::id).toList();
    }

    /** Creation order: the creating revision, unknown first; then the time; then the id. */
    static int olderFirst(Task x, Task y) {
      if (!Objects.equals(x.createdRevision(), y.createdRevision())) {
        if (x.createdRevision() == null || y.createdRevision() == null) {
          return x.createdRevision() == null ? -1 : 1;
        }
        return Long.compare(x.createdRevision(), y.createdRevision());
      }
      if (!x.createdAt().equals(y.createdAt())) {
        return x.createdAt().compareTo(y.createdAt());
      }
      return x.id().toString().compareTo(y.id().toString());
    }

    private final Map<UUID, Integer> unblocksCache = new HashMap<>();

    /** How many tasks of the graph reach {@code target} by following depends_on through nodes. */
    int unblocks(UUID target) {
      return unblocksCache.computeIfAbsent(
          target,
          tgt -> {
            int count = 0;
            for (Task t : nodes.values()) {
              if (!t.id().equals(tgt) && reaches(t, tgt)) {
                count++;
              }
            }
            return count;
          });
    }

    private boolean reaches(Task from, UUID target) {
      Deque<UUID> todo = new ArrayDeque<>(from.dependsOn());
      Set<UUID> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        UUID x = todo.pop();
        if (x.equals(target)) {
          return true;
        }
        Task node = nodes.get(x);
        if (node != null && seen.add(x)) {
          todo.addAll(node.dependsOn());
        }
      }
      return false;
    }
  }

  static Task task(
      UUID id,
      Priority priority,
      TaskStatus status,
      List<UUID> deps,
      Instant created,
      @Nullable Long revision) {
    return new Task(
        id,
        "task " + id.toString().substring(0, 8),
        null,
        status,
        priority,
        List.of(),
        null,
        deps,
        created,
        revision,
        null,
        null,
        null,
        created,
        0,
        status == TaskStatus.FAILED ? 1 : 0,
        null,
        TaskContext.EMPTY,
        null,
        1,
        List.of());
  }

  static UUID id(int n) {
    return UUID.fromString(String.format("%08x-0000-4000-8000-000000000000", n));
  }
}
