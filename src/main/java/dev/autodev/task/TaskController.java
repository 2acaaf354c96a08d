package dev.autodev.task;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskTracker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasks over HTTP: the same operations and JSON shapes as the {@code task} commands, every change
 * durable before the response is sent.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

  private final TaskTracker tracker;

  TaskController(TaskTracker tracker) {
    this.tracker = tracker;
  }

  /** The body of POST /api/tasks. */
  record CreateTask(
      @NotBlank @Size(max = TaskInput.NAME_MAX) String name,
      @Size(max = TaskInput.TEXT_MAX) @Nullable String description,
      @Nullable String priority,
      @Size(max = TaskInput.TAGS_MAX) @Nullable List<@Size(max = TaskInput.TAG_MAX) String> tags,
      @Nullable String parentId,
      @Size(max = 1000) @Nullable List<String> dependsOn) {}

  /** The body of the transition endpoints; every field optional. */
  record Transition(
      @Nullable Boolean force,
      @Size(max = TaskInput.ENTRY_MAX) @Nullable String reason,
      @Nullable Boolean start) {}

  @GetMapping
  TaskList list(
      @RequestParam(name = "status", required = false) @Nullable String status,
      @RequestParam(name = "priority", required = false) @Nullable String priority,
      @RequestParam(name = "tag", required = false) @Nullable List<String> tags,
      @RequestParam(name = "limit", defaultValue = "50") int limit) {
    return TaskList.of(TaskFilter.parse(status, priority, tags).list(tracker, limit));
  }

  @PostMapping
  ResponseEntity<Task> create(@Valid @RequestBody CreateTask body) {
    List<UUID> deps = new ArrayList<>();
    for (String d : body.dependsOn() == null ? List.<String>of() : body.dependsOn()) {
      deps.add(tracker.resolve(d));
    }
    Task task =
        tracker.create(
            new NewTask(
                body.name(),
                body.description(),
                body.priority() == null ? null : Priority.parse(body.priority()),
                body.tags() == null ? List.of() : body.tags(),
                body.parentId() == null ? null : tracker.resolve(body.parentId()),
                deps));
    return ResponseEntity.created(URI.create("/api/tasks/" + task.id())).body(task);
  }

  @GetMapping("/{id}")
  Task get(@PathVariable("id") String id) {
    return tracker.get(tracker.resolve(id));
  }

  @PostMapping("/{id}/start")
  Task start(
      @PathVariable("id") String id,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return tracker.start(tracker.resolve(id), body != null && Boolean.TRUE.equals(body.force()));
  }

  @PostMapping("/{id}/complete")
  Task complete(
      @PathVariable("id") String id,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return tracker.complete(tracker.resolve(id), body != null && Boolean.TRUE.equals(body.force()));
  }

  @PostMapping("/{id}/fail")
  Task fail(
      @PathVariable("id") String id,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return tracker.fail(tracker.resolve(id), body == null ? null : body.reason());
  }

  @PostMapping("/{id}/retry")
  Task retry(
      @PathVariable("id") String id,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return tracker.retry(tracker.resolve(id), body != null && Boolean.TRUE.equals(body.start()));
  }
}
