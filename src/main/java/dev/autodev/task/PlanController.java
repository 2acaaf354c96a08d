package dev.autodev.task;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.Dependencies;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskContext;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TaskTree;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The task graph over HTTP: what is ready, next and blocked, the tree, a task's dependencies and
 * its context. Same documents as the planning commands' {@code --json}; every change is durable
 * before the response is sent.
 */
@RestController
@RequestMapping("/api/tasks")
@Tag(
    name = "planning",
    description =
        "Dependencies between tasks, what is ready, the next task, what is blocked, the subtask tree")
class PlanController {

  private final TaskTracker tracker;
  private final TaskPlanner planner;

  PlanController(TaskTracker tracker, TaskPlanner planner) {
    this.tracker = tracker;
    this.planner = planner;
  }

  /** The body of POST /api/tasks/{id}/dependencies: one id or a list. */
  record NewDependencies(
      @NotEmpty
          @Size(max = 1000)
          @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          List<@Size(max = 36) String> dependsOn) {}

  /** The body of POST /api/tasks/{id}/context: one file, decision or note. */
  record ContextEntry(
      @NotNull @Size(max = 20) String kind,
      @NotNull @Size(max = TaskInput.ENTRY_MAX) String value) {}

  @GetMapping("/ready")
  ReadyTasks ready() {
    return planner.ready();
  }

  @GetMapping("/next")
  NextTask next() {
    return planner.next();
  }

  @GetMapping("/blocked")
  BlockedTasks blocked() {
    return planner.blocked();
  }

  @GetMapping("/tree")
  TaskTree tree(
      @RequestParam(name = "root", required = false) @Size(max = 36) @Nullable String root) {
    return planner.tree(root == null || root.isBlank() ? null : tracker.resolve(root));
  }

  @GetMapping("/{id}/tree")
  TaskTree subtree(@PathVariable("id") String id) {
    return planner.tree(tracker.resolve(id));
  }

  @GetMapping("/{id}/dependencies")
  Dependencies dependencies(@PathVariable("id") String id) {
    return planner.dependencies(tracker.resolve(id));
  }

  @PostMapping("/{id}/dependencies")
  ResponseEntity<Dependencies> depend(
      @PathVariable("id") String id,
      @RequestHeader(name = TaskController.IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody NewDependencies body) {
    UUID taskId = tracker.resolve(id);
    Task task =
        tracker.depend(
            taskId,
            body.dependsOn().stream().map(tracker::resolve).toList(),
            TaskETags.expected(ifMatch));
    return TaskETags.ok(task, planner.dependencies(taskId));
  }

  @DeleteMapping("/{id}/dependencies/{on}")
  ResponseEntity<Dependencies> undepend(
      @PathVariable("id") String id,
      @PathVariable("on") String on,
      @RequestHeader(name = TaskController.IF_MATCH, required = false) @Nullable String ifMatch) {
    UUID taskId = tracker.resolve(id);
    Task task = tracker.undepend(taskId, List.of(tracker.resolve(on)), TaskETags.expected(ifMatch));
    return TaskETags.ok(task, planner.dependencies(taskId));
  }

  @GetMapping("/{id}/context")
  ResponseEntity<TaskContext> context(@PathVariable("id") String id) {
    Task task = tracker.get(tracker.resolve(id));
    return TaskETags.ok(task, task.context());
  }

  /** Records one context entry on an open task: one change, answered once it is durable. */
  @PostMapping("/{id}/context")
  ResponseEntity<Task> addContext(
      @PathVariable("id") String id,
      @RequestHeader(name = TaskController.IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody ContextEntry body) {
    return TaskETags.ok(
        tracker.addContext(
            tracker.resolve(id), kind(body.kind()), body.value(), TaskETags.expected(ifMatch)));
  }

  private static ContextKind kind(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (ContextKind k : ContextKind.values()) {
      if (k.wire().equals(v)) {
        return k;
      }
    }
    throw new InvalidInputException(
        "kind",
        "unknown context kind '"
            + value
            + "'; expected one of "
            + Arrays.stream(ContextKind.values())
                .map(ContextKind::wire)
                .collect(Collectors.joining(", ")));
  }
}
