package dev.autodev.tracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Planning over the task graph, for people and agents deciding what to do: what is ready, the one
 * task to do next and why, what is blocked and by what, the subtask tree, one task's dependencies,
 * and the working scope. Read-only — every change goes through {@link TaskTracker}.
 *
 * <p>Each query builds a {@link TaskGraph} from the current state. Tasks archived in earlier
 * sessions are read from history in one batched pass per query, and remembered when completed
 * (completed is final, so that memory never goes stale); this session's failed tasks are remembered
 * as long as the session's summary shows the same failure.
 */
@Service
public class TaskPlanner {

  private static final int COMPLETED_CACHE_SIZE = 20_000;
  private static final int FAILED_CACHE_SIZE = 1_000;

  private final TaskTracker tracker;
  private final HistoryArchive history;
  private final Clock clock;
  private final Map<UUID, Archived> completed = lru(COMPLETED_CACHE_SIZE);
  private final Map<UUID, Task> failed = lru(FAILED_CACHE_SIZE);

  /** What the planner keeps of an archived task. */
  private record Archived(
      TaskRef ref, Priority priority, @Nullable UUID parentId, Task.Creation creation) {
    static Archived of(Task t) {
      return new Archived(TaskRef.of(t), t.priority(), t.parentId(), t.creation());
    }
  }

  public TaskPlanner(TaskTracker tracker, HistoryArchive history, Clock clock) {
    this.tracker = tracker;
    this.history = history;
    this.clock = clock;
  }

  /** Pending tasks nothing blocks, and this session's retryable failed tasks; best first. */
  public ReadyTasks ready() {
    return ReadyTasks.of(
        graph(tracker.state()).ready().stream()
            .map(r -> new ReadyTasks.Entry(r.task(), r.unblocks()))
            .toList());
  }

  /** The first of {@link #ready()}, with the reason it ranks first; or why nothing is ready. */
  public NextTask next() {
    TaskGraph g = graph(tracker.state());
    List<TaskGraph.Ranked> ready = g.ready(2);
    int blocked = g.blockedTasks().size();
    int inProgress = g.inProgress();
    if (ready.isEmpty()) {
      String reason;
      if (g.tasks().isEmpty()) {
        reason = "nothing to do: there are no open tasks";
      } else {
        List<String> parts = new ArrayList<>();
        if (inProgress > 0) {
          parts.add(inProgress + " in progress");
        }
        if (blocked > 0) {
          parts.add(blocked + " blocked (see 'task blocked')");
        }
        reason = "nothing is ready: " + String.join(", ", parts);
      }
      return new NextTask(null, reason, 0, null, 0, blocked, inProgress);
    }
    TaskGraph.Ranked best = ready.get(0);
    return new NextTask(
        best.task(),
        reason(best, ready.size() > 1 ? ready.get(1) : null, clock.instant()),
        best.unblocks(),
        command(best.task()),
        g.readyCount(),
        blocked,
        inProgress);
  }

  /** Every open task waiting on a task not completed, with what it waits on; creation order. */
  public BlockedTasks blocked() {
    TaskGraph g = graph(tracker.state());
    return BlockedTasks.of(
        g.blockedTasks().stream().map(t -> new BlockedTasks.Entry(t, g.blockers(t))).toList());
  }

  /**
   * The subtask hierarchy of the open tasks and the tasks finished in this session; under {@code
   * root} only, when given (which may be any task, open or archived). Children are in creation
   * order.
   */
  public TaskTree tree(@Nullable UUID root) {
    TrackerState state = tracker.state();
    TaskGraph g = graph(state);
    Map<UUID, Item> items = new LinkedHashMap<>();
    for (Task t : g.tasks()) {
      items.put(t.id(), Item.of(t));
    }
    Set<UUID> finished = new LinkedHashSet<>();
    state.completedTasks().forEach(c -> finished.add(c.id()));
    for (Archived a : archived(finished).values()) {
      items.putIfAbsent(a.ref().id(), Item.of(a));
    }
    Map<UUID, List<Item>> children = new HashMap<>();
    for (Item i : items.values()) {
      if (i.parentId() != null) {
        children.computeIfAbsent(i.parentId(), k -> new ArrayList<>()).add(i);
      }
    }
    children.values().forEach(list -> list.sort(Item.CREATION_ORDER));
    List<Item> roots;
    if (root == null) {
      roots = new ArrayList<>();
      for (Item i : items.values()) {
        if (i.parentId() == null || !items.containsKey(i.parentId())) {
          roots.add(i);
        }
      }
      roots.sort(Item.CREATION_ORDER);
    } else {
      Item r = items.get(root);
      roots = List.of(r != null ? r : Item.of(tracker.get(root)));
    }
    int[] count = {0};
    Set<UUID> seen = new HashSet<>();
    List<TaskTree.Node> nodes = new ArrayList<>();
    for (Item r : roots) {
      nodes.add(node(r, children, g, state.currentTaskId(), seen, count));
    }
    return new TaskTree(nodes, count[0]);
  }

  private static TaskTree.Node node(
      Item item,
      Map<UUID, List<Item>> children,
      TaskGraph g,
      @Nullable UUID current,
      Set<UUID> seen,
      int[] count) {
    seen.add(item.ref().id());
    count[0]++;
    List<TaskTree.Node> kids = new ArrayList<>();
    for (Item child : children.getOrDefault(item.ref().id(), List.of())) {
      if (!seen.contains(child.ref().id())) {
        kids.add(node(child, children, g, current, seen, count));
      }
    }
    return new TaskTree.Node(
        item.ref().id(),
        String.valueOf(item.ref().name()),
        item.ref().status() == null ? TaskStatus.PENDING : item.ref().status(),
        item.priority(),
        item.parentId(),
        item.ref().id().equals(current),
        g.blocked(item.ref().id()),
        kids);
  }

  /** One task of the tree, open or archived. */
  private record Item(
      TaskRef ref, Priority priority, @Nullable UUID parentId, Task.Creation creation) {
    static final Comparator<Item> CREATION_ORDER = Comparator.comparing(Item::creation);

    static Item of(Task t) {
      return new Item(TaskRef.of(t), t.priority(), t.parentId(), t.creation());
    }

    static Item of(Archived a) {
      return new Item(a.ref(), a.priority(), a.parentId(), a.creation());
    }
  }

  /** A task's dependencies with their statuses, and the open tasks that wait on it. */
  public Dependencies dependencies(UUID id) {
    TaskGraph g = graph(tracker.state());
    Task task = g.task(id);
    if (task == null) {
      task = tracker.get(id);
    }
    List<TaskRef> deps = g.refs(task.dependsOn());
    boolean blocked =
        task.status() != TaskStatus.COMPLETED && deps.stream().anyMatch(r -> !r.done());
    return new Dependencies(
        TaskRef.of(task), blocked, deps, g.dependentsOf(id).stream().map(TaskRef::of).toList());
  }

  /** The current task and its chain of parents, outermost first. */
  public WorkingScope scope() {
    TrackerState state = tracker.state();
    Task current = state.currentTask();
    if (current == null) {
      return new WorkingScope(null, List.of());
    }
    List<TaskRef> chain = new ArrayList<>();
    chain.add(TaskRef.of(current));
    Set<UUID> seen = new HashSet<>();
    seen.add(current.id());
    UUID parent = current.parentId();
    while (parent != null && seen.add(parent)) {
      Task open = state.task(parent);
      if (open != null) {
        chain.add(TaskRef.of(open));
        parent = open.parentId();
        continue;
      }
      Archived a = archived(Set.of(parent)).get(parent);
      if (a == null) {
        chain.add(new TaskRef(parent, null, null));
        break;
      }
      chain.add(a.ref());
      parent = a.parentId();
    }
    Collections.reverse(chain);
    return new WorkingScope(current, chain);
  }

  // ---------------------------------------------------------------- graph and history

  private TaskGraph graph(TrackerState state) {
    return new TaskGraph(state, retryable(state), this::archivedRefs);
  }

  /** The records of this session's failed tasks, in the order they failed. */
  private List<Task> retryable(TrackerState state) {
    Set<UUID> missing = new LinkedHashSet<>();
    for (FailedSummary f : state.failedTasks()) {
      Task cached = failed.get(f.id());
      if (cached == null || !f.failedAt().equals(cached.failedAt())) {
        missing.add(f.id());
      }
    }
    if (!missing.isEmpty()) {
      ArchiveLookup.latest(history, missing)
          .forEach(
              (id, t) -> {
                if (t.status() == TaskStatus.FAILED) {
                  failed.put(id, t);
                }
              });
    }
    List<Task> result = new ArrayList<>();
    for (FailedSummary f : state.failedTasks()) {
      Task t = failed.get(f.id());
      // Only the record of this very failure; a record lost to damage leaves the task out.
      if (t != null && f.failedAt().equals(t.failedAt())) {
        result.add(t);
      }
    }
    return result;
  }

  private Map<UUID, TaskRef> archivedRefs(Set<UUID> ids) {
    Map<UUID, TaskRef> refs = new HashMap<>();
    archived(ids).forEach((id, a) -> refs.put(id, a.ref()));
    return refs;
  }

  /** Archived tasks by id: remembered completed ones, the rest in one pass over history. */
  private Map<UUID, Archived> archived(Set<UUID> ids) {
    Map<UUID, Archived> result = new HashMap<>();
    Set<UUID> unknown = new HashSet<>();
    for (UUID id : ids) {
      Archived a = completed.get(id);
      if (a != null) {
        result.put(id, a);
      } else {
        unknown.add(id);
      }
    }
    for (Task t : ArchiveLookup.latest(history, unknown).values()) {
      Archived a = Archived.of(t);
      if (t.status() == TaskStatus.COMPLETED) {
        completed.put(t.id(), a);
      }
      result.put(t.id(), a);
    }
    return result;
  }

  private static <K, V> Map<K, V> lru(int capacity) {
    return Collections.synchronizedMap(
        new LinkedHashMap<K, V>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        });
  }

  // ---------------------------------------------------------------- explaining the choice

  private static @Nullable String command(Task t) {
    return switch (t.status()) {
      case PENDING -> "task start " + t.shortId();
      case FAILED -> "task retry " + t.shortId() + " --start";
      default -> null;
    };
  }

  /**
   * Why {@code best} ranks first: its priority, what it unblocks and its age, then the rule of
   * {@link TaskGraph#BEST_FIRST} that set it apart from the runner-up.
   */
  static String reason(TaskGraph.Ranked best, TaskGraph.@Nullable Ranked runnerUp, Instant now) {
    Task t = best.task();
    StringBuilder why =
        new StringBuilder()
            .append(t.priority().wire())
            .append(" priority, unblocks ")
            .append(best.unblocks())
            .append(best.unblocks() == 1 ? " task" : " tasks")
            .append(", created ")
            .append(age(t.createdAt(), now))
            .append(" ago");
    if (t.status() == TaskStatus.FAILED) {
      why.append(", failed before (").append(t.failureReason()).append(")");
    }
    why.append("; ");
    if (runnerUp == null) {
      return why.append("it is the only ready task").toString();
    }
    Task o = runnerUp.task();
    String other = TaskTracker.describe(o);
    if (t.priority() != o.priority()) {
      why.append("no other ready task has a priority as high (next best: ")
          .append(other)
          .append(", ")
          .append(o.priority().wire())
          .append(")");
    } else if (best.unblocks() != runnerUp.unblocks()) {
      why.append("it unblocks more than any other ")
          .append(t.priority().wire())
          .append("-priority ready task (next best: ")
          .append(other)
          .append(", unblocks ")
          .append(runnerUp.unblocks())
          .append(")");
    } else if (t.status() != o.status()) {
      why.append("a fresh task goes before retrying a failed one (")
          .append(other)
          .append(" ranks the same but failed before)");
    } else if (!t.createdAt().equals(o.createdAt())
        || !Objects.equals(t.createdRevision(), o.createdRevision())) {
      why.append("it is older than ").append(other).append(", which ranks the same otherwise");
    } else {
      why.append("it ties with ").append(other).append(" and goes first by id");
    }
    return why.toString();
  }

  /** A coarse age: {@code 3d 4h}, {@code 2h 5m}, {@code 5m 3s}, {@code 12s}. */
  static String age(Instant from, Instant now) {
    Duration d = Duration.between(from, now);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return d.toSeconds() + "s";
  }
}
