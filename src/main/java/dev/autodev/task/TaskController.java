package dev.autodev.task;

import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskEdit;
import dev.autodev.tracker.TaskInput;
import dev.autodev.tracker.TaskTracker;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasks over HTTP: the same operations and JSON shapes as the {@code task} commands, every change
 * durable before the response is sent. Every task response carries {@code ETag: "<version>"}; every
 * change accepts {@code If-Match} with it and is refused with 412 when the task moved on.
 */
@RestController
@RequestMapping("/api/tasks")
@Tag(name = "tasks", description = "Create, read, edit, delete and move tasks through their life")
class TaskController {

  static final String IF_MATCH = "If-Match";
  static final String TASK_EXAMPLE =
      """
      {"id":"3f2a9c1e-6b7d-4e1a-9c2b-5d8e7f6a1b2c","name":"Write the migration",\
      "status":"pending","priority":"high","tags":["db"],"depends_on":[],\
      "created_at":"2026-06-01T09:00:00Z","updated_at":"2026-06-01T09:00:00Z",\
      "duration_seconds":0,"attempts":0,"context":{"files_modified":[],"decisions":[],\
      "notes":[]},"version":1,"events":[{"at":"2026-06-01T09:00:00Z","type":"created",\
      "to":"pending"}]}""";
  static final String STALE_EXAMPLE =
      """
      {"type":"about:blank","title":"Precondition Failed","status":412,\
      "detail":"task 3f2a9c1e 'Write the migration' is at version 3, not 2: it changed since you \
      read it; read it again and retry","instance":"/api/tasks/3f2a9c1e","current_version":3}""";

  private final TaskTracker tracker;

  TaskController(TaskTracker tracker) {
    this.tracker = tracker;
  }

  /** The body of POST /api/tasks. */
  record CreateTask(
      @NotBlank @Size(max = TaskInput.NAME_MAX) String name,
      @Size(max = TaskInput.TEXT_MAX) @Nullable String description,
      @Size(max = 10) @Nullable String priority,
      @Size(max = TaskInput.TAGS_MAX) @Nullable List<@Size(max = TaskInput.TAG_MAX) String> tags,
      @Size(max = 36) @Nullable String parentId,
      @Size(max = 1000) @Nullable List<@Size(max = 36) String> dependsOn) {}

  /** The body of PATCH /api/tasks/{id}: only the fields present change. */
  record EditTask(
      @Size(max = TaskInput.NAME_MAX) @Nullable String name,
      @Size(max = TaskInput.TEXT_MAX) @Nullable String description,
      @Size(max = 10) @Nullable String priority,
      @Size(max = TaskInput.TAGS_MAX) @Nullable List<@Size(max = TaskInput.TAG_MAX) String> tags) {}

  /** The body of the transition endpoints; every field optional. */
  record Transition(
      @Nullable Boolean force,
      @Size(max = TaskInput.ENTRY_MAX) @Nullable String reason,
      @Nullable Boolean start) {}

  @Operation(
      summary = "List tasks",
      description =
          "Open tasks in creation order, or finished ones from history (newest first) with"
              + " status=completed|failed; several tag parameters must all match. Like 'task list"
              + " --json'.")
  @GetMapping
  TaskList list(
      @RequestParam(name = "status", required = false) @Size(max = 20) @Nullable String status,
      @RequestParam(name = "priority", required = false) @Size(max = 10) @Nullable String priority,
      @RequestParam(name = "tag", required = false) @Size(max = TaskInput.TAGS_MAX)
          @Nullable List<@Size(max = TaskInput.TAG_MAX) String> tags,
      @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(TaskFilter.LIMIT_MAX)
          int limit) {
    return TaskList.of(TaskFilter.parse(status, priority, tags).list(tracker, limit));
  }

  @Operation(
      summary = "Create a pending task",
      description = "Like 'task create'. Answers 201 with the task, its Location and ETag.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"name\":\"Write the migration\",\"priority\":\"high\","
                                      + "\"tags\":[\"db\"]}"))))
  @ApiResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              schema = @Schema(implementation = Task.class),
              examples = @ExampleObject(value = TASK_EXAMPLE)))
  @ApiResponse(responseCode = "400", description = "a field is missing, too long or malformed")
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
    return ResponseEntity.created(URI.create("/api/tasks/" + task.id()))
        .eTag(TaskETags.of(task))
        .body(task);
  }

  @Operation(
      summary = "Read one task, open or archived",
      description = "Like 'task show --json'. The id may be a unique prefix of 4+ characters.")
  @ApiResponse(
      responseCode = "200",
      description = "the task; its ETag is its version",
      content =
          @Content(
              schema = @Schema(implementation = Task.class),
              examples = @ExampleObject(value = TASK_EXAMPLE)))
  @ApiResponse(responseCode = "400", description = "not a task id")
  @ApiResponse(responseCode = "404", description = "no such task")
  @GetMapping("/{id}")
  ResponseEntity<Task> get(@PathVariable("id") String id) {
    return TaskETags.ok(tracker.get(tracker.resolve(id)));
  }

  @Operation(
      summary = "Edit an open task",
      description =
          "Changes name, description, priority or tags (tags replace all; an empty description"
              + " or list clears). Like 'task edit'. Finished tasks cannot change (409).",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      examples =
                          @ExampleObject(value = "{\"priority\":\"high\",\"tags\":[\"urgent\"]}"))))
  @ApiResponse(responseCode = "200", description = "the edited task with its new ETag")
  @ApiResponse(
      responseCode = "412",
      description = "If-Match is stale: the task changed since it was read",
      content =
          @Content(
              mediaType = "application/problem+json",
              examples = @ExampleObject(value = STALE_EXAMPLE)))
  @PatchMapping("/{id}")
  ResponseEntity<Task> edit(
      @PathVariable("id") String id,
      @Parameter(in = ParameterIn.HEADER, description = "the ETag last read, e.g. \"3\"")
          @RequestHeader(name = IF_MATCH, required = false)
          @Nullable String ifMatch,
      @Valid @RequestBody EditTask body) {
    UUID taskId = tracker.resolve(id);
    Task task =
        tracker.edit(
            taskId,
            new TaskEdit(
                body.name(),
                body.description(),
                body.priority() == null ? null : Priority.parse(body.priority()),
                body.tags()),
            TaskETags.expected(ifMatch));
    return TaskETags.ok(task);
  }

  @Operation(
      summary = "Delete an open task",
      description =
          "Like 'task delete'. Refused (409) while open tasks depend on it or are its subtasks,"
              + " and for finished tasks. Answers with the deleted record; the journal keeps it.")
  @ApiResponse(responseCode = "200", description = "the deleted record, ending with 'deleted'")
  @ApiResponse(responseCode = "409", description = "other open tasks need it, or it is finished")
  @ApiResponse(responseCode = "412", description = "If-Match is stale")
  @DeleteMapping("/{id}")
  Task delete(
      @PathVariable("id") String id,
      @RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch) {
    return tracker.delete(tracker.resolve(id), TaskETags.expected(ifMatch));
  }

  @ApiResponse(responseCode = "200", description = "the task, started, with its new ETag")
  @Operation(summary = "Start a pending task", description = "Like 'task start'.")
  @ApiResponse(responseCode = "409", description = "blocked or not pending")
  @PostMapping("/{id}/start")
  ResponseEntity<Task> start(
      @PathVariable("id") String id,
      @RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return TaskETags.ok(
        tracker.start(
            tracker.resolve(id),
            body != null && Boolean.TRUE.equals(body.force()),
            TaskETags.expected(ifMatch)));
  }

  @ApiResponse(
      responseCode = "200",
      description = "the task, completed and archived, with its new ETag")
  @Operation(summary = "Complete an in-progress task", description = "Like 'task complete'.")
  @ApiResponse(responseCode = "409", description = "pending, or open subtasks without force")
  @PostMapping("/{id}/complete")
  ResponseEntity<Task> complete(
      @PathVariable("id") String id,
      @RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return TaskETags.ok(
        tracker.complete(
            tracker.resolve(id),
            body != null && Boolean.TRUE.equals(body.force()),
            TaskETags.expected(ifMatch)));
  }

  @Operation(
      summary = "Fail a task (or abandon a pending one)",
      description = "Like 'task fail --reason'.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(examples = @ExampleObject(value = "{\"reason\":\"flaky upstream\"}"))))
  @PostMapping("/{id}/fail")
  ResponseEntity<Task> fail(
      @PathVariable("id") String id,
      @RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return TaskETags.ok(
        tracker.fail(
            tracker.resolve(id), body == null ? null : body.reason(), TaskETags.expected(ifMatch)));
  }

  @Operation(summary = "Retry a failed task", description = "Like 'task retry [--start]'.")
  @PostMapping("/{id}/retry")
  ResponseEntity<Task> retry(
      @PathVariable("id") String id,
      @RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
      @Valid @RequestBody(required = false) @Nullable Transition body) {
    return TaskETags.ok(
        tracker.retry(
            tracker.resolve(id),
            body != null && Boolean.TRUE.equals(body.start()),
            TaskETags.expected(ifMatch)));
  }
}
