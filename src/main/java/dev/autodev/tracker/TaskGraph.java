package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The dependency graph of the work still to do — the open tasks plus this session's failed,
 * retryable ones — built for one query in time linear in tasks and edges. It answers which tasks
 * are blocked and by what, which are ready, how many tasks each one unblocks, and in which order to
 * do them; {@link #path} finds the chain a new edge would close into a cycle.
 *
 * <p>A dependency that is not a node of the graph is resolved once per query: completed in this
 * session (from the state's summaries), or archived earlier (one batched history lookup for all of
 * them, never one scan per edge).
 */
final class TaskGraph {

  /** A ready task and how many open tasks wait on it, directly or through others. */
  record Ranked(Task task, int unblocks) {}

  /**
   * The order of {@code task ready} and the choice of {@code task next}: higher priority first;
   * then the task that unblocks more tasks; then a fresh task before retrying a failed one; then
   * the older task, in {@link Task#CREATION_ORDER} (which ends with the id, so the order is total
   * and stable).
   */
  static final Comparator<Ranked> BEST_FIRST =
      Comparator.comparing((Ranked r) -> r.task().priority())
          .reversed()
          .thenComparing(Comparator.comparingInt(Ranked::unblocks).reversed())
          .thenComparing(r -> r.task().status() == TaskStatus.FAILED)
          .thenComparing(r -> r.task().creation());

  private final Task[] nodes;
  private final Map<UUID, Integer> index;
  private final Map<UUID, CompletedSummary> completedThisSession;
  private final Map<UUID, TaskRef> outside = new HashMap<>();
  private final Function<Set<UUID>, Map<UUID, TaskRef>> archived;
  private final int[] notDone;
  private final int[] dependentsStart;
  private final int[] dependents;
  private final int[] seen;
  private final int[] queue;
  private int epoch;

  /**
   * @param retryable the records of this session's failed tasks, which can be retried
   * @param archived resolves ids archived before this session, in one batch
   */
  TaskGraph(
      TrackerState state,
      Collection<Task> retryable,
      Function<Set<UUID>, Map<UUID, TaskRef>> archived) {
    this.archived = archived;
    List<Task> all = new ArrayList<>(Task.inCreationOrder(state.tasks().values()));
    for (Task t : retryable) {
      if (state.task(t.id()) == null) {
        all.add(t);
      }
    }
    int n = all.size();
    nodes = all.toArray(new Task[0]);
    index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      index.put(nodes[i].id(), i);
    }
    completedThisSession = new HashMap<>();
    for (CompletedSummary c : state.completedTasks()) {
      completedThisSession.put(c.id(), c);
    }

    // Count the edges into each node (for the dependents arrays) and collect what lies outside.
    int[] fanIn = new int[n + 1];
    Set<UUID> unresolved = new LinkedHashSet<>();
    for (Task t : nodes) {
      for (UUID dep : t.dependsOn()) {
        Integer d = index.get(dep);
        if (d != null) {
          fanIn[d]++;
        } else if (!completedThisSession.containsKey(dep)) {
          unresolved.add(dep);
        }
      }
    }
    resolveOutside(unresolved);

    dependentsStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      dependentsStart[i + 1] = dependentsStart[i] + fanIn[i];
    }
    dependents = new int[dependentsStart[n]];
    int[] fill = Arrays.copyOf(dependentsStart, n);
    notDone = new int[n];
    for (int i = 0; i < n; i++) {
      for (UUID dep : nodes[i].dependsOn()) {
        Integer d = index.get(dep);
        if (d != null) {
          dependents[fill[d]++] = i;
          notDone[i]++;
        } else if (!ref(dep).done()) {
          notDone[i]++;
        }
      }
    }
    seen = new int[n];
    queue = new int[n];
  }

  private void resolveOutside(Set<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Map<UUID, TaskRef> found = archived.apply(ids);
    for (UUID id : ids) {
      outside.put(id, found.getOrDefault(id, new TaskRef(id, null, null)));
    }
  }

  /** Any task by id as this graph knows it; an id it never saw is looked up in history. */
  TaskRef ref(UUID id) {
    Integer i = index.get(id);
    if (i != null) {
      return TaskRef.of(nodes[i]);
    }
    CompletedSummary c = completedThisSession.get(id);
    if (c != null) {
      return new TaskRef(id, c.name(), TaskStatus.COMPLETED);
    }
    TaskRef known = outside.get(id);
    if (known == null) {
      resolveOutside(Set.of(id));
      known = outside.get(id);
    }
    return known;
  }

  /** Refs for many ids, resolving all unknown ones in one history lookup. */
  List<TaskRef> refs(Collection<UUID> ids) {
    Set<UUID> unknown = new LinkedHashSet<>();
    for (UUID id : ids) {
      if (!index.containsKey(id)
          && !completedThisSession.containsKey(id)
          && !outside.containsKey(id)) {
        unknown.add(id);
      }
    }
    resolveOutside(unknown);
    return ids.stream().map(this::ref).toList();
  }

  /** The tasks in the graph: open tasks in creation order, then this session's failed ones. */
  List<Task> tasks() {
    return List.of(nodes);
  }

  @Nullable Task task(UUID id) {
    Integer i = index.get(id);
    return i == null ? null : nodes[i];
  }

  /** Whether a task of the graph waits on at least one task that is not completed. */
  boolean blocked(UUID id) {
    Integer i = index.get(id);
    return i != null && notDone[i] > 0;
  }

  /** The dependencies of {@code task} that are not completed. */
  List<TaskRef> blockers(Task task) {
    List<TaskRef> result = new ArrayList<>();
    for (UUID dep : task.dependsOn()) {
      TaskRef r = ref(dep);
      if (!r.done()) {
        result.add(r);
      }
    }
    return result;
  }

  /** Every blocked task of the graph, in graph order. */
  List<Task> blockedTasks() {
    List<Task> result = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      if (notDone[i] > 0) {
        result.add(nodes[i]);
      }
    }
    return result;
  }

  /** Pending and failed (retryable) tasks that nothing blocks, best first. */
  List<Ranked> ready() {
    return ready(Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} of {@link #ready()}. Priority ranks first, so unblock counts (the
   * costly part) are computed only for as many priority tiers as it takes to fill the limit.
   */
  List<Ranked> ready(int limit) {
    List<Ranked> result = new ArrayList<>();
    for (Priority tier : List.of(Priority.HIGH, Priority.MEDIUM, Priority.LOW)) {
      if (result.size() >= limit) {
        break;
      }
      List<Ranked> ranked = new ArrayList<>();
      for (int i = 0; i < nodes.length; i++) {
        if (isReady(i) && nodes[i].priority() == tier) {
          ranked.add(new Ranked(nodes[i], unblocks(i)));
        }
      }
      ranked.sort(BEST_FIRST);
      result.addAll(ranked);
    }
    return result.size() <= limit ? result : List.copyOf(result.subList(0, limit));
  }

  /** How many tasks are ready. */
  int readyCount() {
    int count = 0;
    for (int i = 0; i < nodes.length; i++) {
      if (isReady(i)) {
        count++;
      }
    }
    return count;
  }

  private boolean isReady(int i) {
    TaskStatus s = nodes[i].status();
    return notDone[i] == 0 && (s == TaskStatus.PENDING || s == TaskStatus.FAILED);
  }

  /** How many tasks are in progress. */
  int inProgress() {
    int count = 0;
    for (Task t : nodes) {
      if (t.status() == TaskStatus.IN_PROGRESS) {
        count++;
      }
    }
    return count;
  }

  /** The tasks of the graph that depend on {@code id} directly. */
  List<Task> dependentsOf(UUID id) {
    List<Task> result = new ArrayList<>();
    Integer i = index.get(id);
    if (i != null) {
      for (int k = dependentsStart[i]; k < dependentsStart[i + 1]; k++) {
        result.add(nodes[dependents[k]]);
      }
      return result;
    }
    for (Task t : nodes) {
      if (t.dependsOn().contains(id)) {
        result.add(t);
      }
    }
    return result;
  }

  /** How many tasks of the graph wait on node {@code start}, directly or through others. */
  private int unblocks(int start) {
    if (dependentsStart[start] == dependentsStart[start + 1]) {
      return 0;
    }
    epoch++;
    int head = 0;
    int tail = 0;
    queue[tail++] = start;
    seen[start] = epoch;
    int count = 0;
    while (head < tail) {
      int u = queue[head++];
      for (int k = dependentsStart[u]; k < dependentsStart[u + 1]; k++) {
        int w = dependents[k];
        if (seen[w] != epoch) {
          seen[w] = epoch;
          queue[tail++] = w;
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The shortest chain of dependencies leading from {@code start} to {@code goal}, start first and
   * goal last, or null when {@code goal} cannot be reached. Searched breadth first, one level at a
   * time, so {@code edges} can resolve the dependencies of a whole level in one batch.
   *
   * @param edges the dependencies of each task in a set; tasks that cannot block (completed) or are
   *     unknown may be left out
   */
  static @Nullable List<UUID> path(
      UUID start, UUID goal, Function<Set<UUID>, Map<UUID, List<UUID>>> edges) {
    if (start.equals(goal)) {
      return List.of(start);
    }
    Map<UUID, UUID> parent = new HashMap<>();
    parent.put(start, start);
    Set<UUID> level = new LinkedHashSet<>(List.of(start));
    while (!level.isEmpty()) {
      Map<UUID, List<UUID>> deps = edges.apply(level);
      Set<UUID> next = new LinkedHashSet<>();
      for (UUID u : level) {
        for (UUID d : deps.getOrDefault(u, List.of())) {
          if (parent.containsKey(d)) {
            continue;
          }
          parent.put(d, u);
          if (d.equals(goal)) {
            List<UUID> chain = new ArrayList<>();
            for (UUID x = goal; !x.equals(start); x = parent.get(x)) {
              chain.add(x);
            }
            chain.add(start);
            Collections.reverse(chain);
            return chain;
          }
          next.add(d);
        }
      }
      level = next;
    }
    return null;
  }

  /**
   * The dependencies of a batch of tasks as they stand in {@code state}, for cycle detection.
   * Completed tasks never wait again, so their edges are left out; a failed task's edges count,
   * since a retry brings it back with them. Archived tasks are read in one history pass per batch.
   */
  static Function<Set<UUID>, Map<UUID, List<UUID>>> edgesOf(
      TrackerState state, HistoryArchive history) {
    Set<UUID> completed = new HashSet<>();
    for (CompletedSummary c : state.completedTasks()) {
      completed.add(c.id());
    }
    return ids -> {
      Map<UUID, List<UUID>> edges = new HashMap<>();
      Set<UUID> archived = new HashSet<>();
      for (UUID x : ids) {
        Task open = state.task(x);
        if (open != null) {
          edges.put(x, open.dependsOn());
        } else if (!completed.contains(x)) {
          archived.add(x);
        }
      }
      ArchiveLookup.latest(history, archived)
          .forEach(
              (x, t) -> {
                if (t.status() == TaskStatus.FAILED) {
                  edges.put(x, t.dependsOn());
                }
              });
      return edges;
    };
  }

  /** The refusal of {@code task → target} when {@code chain} already leads from target to task. */
  static DependencyCycleException cycle(Task task, Task target, List<UUID> chain) {
    List<UUID> cycle = new ArrayList<>();
    cycle.add(task.id());
    cycle.addAll(chain);
    return new DependencyCycleException(
        TaskTracker.describe(task)
            + " cannot depend on "
            + TaskTracker.describe(target)
            + ": that would close the cycle "
            + cycle.stream().map(TaskGraph::shortId).collect(Collectors.joining(" → "))
            + " (each waits on the next)",
        cycle);
  }

  static DependencyNotFoundException notADependency(Task task, UUID dep) {
    return new DependencyNotFoundException(
        TaskTracker.describe(task)
            + " does not depend on task "
            + shortId(dep)
            + (task.dependsOn().isEmpty()
                ? "; it has no dependencies"
                : "; it depends on "
                    + task.dependsOn().stream()
                        .map(TaskGraph::shortId)
                        .collect(Collectors.joining(", "))));
  }

  /** A task named for an audit entry, without reading history. */
  static String name(TrackerState state, UUID id) {
    Task open = state.task(id);
    if (open != null) {
      return TaskTracker.describe(open);
    }
    for (CompletedSummary c : state.completedTasks()) {
      if (c.id().equals(id)) {
        return "task " + shortId(id) + " '" + c.name() + "'";
      }
    }
    return "task " + shortId(id);
  }

  private static String shortId(UUID id) {
    return id.toString().substring(0, 8);
  }
}
