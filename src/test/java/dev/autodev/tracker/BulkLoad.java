package dev.autodev.tracker;

import dev.autodev.tracker.DomainEvent.TaskCreated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark and test support: a large random task graph saved as one durable change. Creating
 * thousands of tasks one by one would rewrite current.json thousands of times; one change through
 * the real write protocol builds the same store in seconds.
 */
public final class BulkLoad {

  private static final List<Priority> PRIORITIES =
      List.of(Priority.LOW, Priority.MEDIUM, Priority.HIGH);

  private BulkLoad() {}

  /**
   * Creates {@code count} pending tasks; each depends on up to {@code maxDeps} random tasks created
   * before it (so the graph has no cycle), with a random priority.
   */
  public static List<Task> randomGraph(TaskTracker tracker, int count, int maxDeps, long seed) {
    Random random = new Random(seed);
    return tracker.mutate(
        ctx -> {
          Map<UUID, Task> tasks = new LinkedHashMap<>(ctx.state().tasks());
          List<Task> created = new ArrayList<>();
          List<DomainEvent> events = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            List<UUID> deps = new ArrayList<>();
            for (int k = random.nextInt(maxDeps + 1); k > 0 && i > 0; k--) {
              UUID dep = created.get(random.nextInt(i)).id();
              if (!deps.contains(dep)) {
                deps.add(dep);
              }
            }
            Task task =
                new Task(
                    UUID.randomUUID(),
                    "bulk task " + i,
                    null,
                    TaskStatus.PENDING,
                    PRIORITIES.get(random.nextInt(PRIORITIES.size())),
                    List.of(),
                    null,
                    deps,
                    ctx.now(),
                    ctx.revision(),
                    null,
                    null,
                    null,
                    ctx.now(),
                    0,
                    0,
                    null,
                    TaskContext.EMPTY,
                    ctx.sessionId(),
                    1,
                    List.of(ctx.audit("created", null, TaskStatus.PENDING, null)));
            created.add(task);
            tasks.put(task.id(), task);
            events.add(new TaskCreated(task.id(), task.name()));
          }
          return new TaskTracker.Step<>(ctx.state().withTasks(tasks), events, List.of(), created);
        });
  }
}
