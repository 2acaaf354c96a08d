package dev.autodev.task;

import dev.autodev.tracker.TaskPlanner;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.WorkingScope;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The working scope over HTTP, /api/session/focus: read it, move it to a task (PUT or POST {@code
 * {"task_id": …}}; a null id clears it), or clear it (DELETE). Answers with the same document as
 * {@code task focus --json}.
 */
@RestController
@RequestMapping("/api/session/focus")
@Tag(name = "sessions")
class FocusController {

  private final TaskTracker tracker;
  private final TaskPlanner planner;

  FocusController(TaskTracker tracker, TaskPlanner planner) {
    this.tracker = tracker;
    this.planner = planner;
  }

  /** The body of PUT/POST /api/session/focus. */
  record FocusChange(@Nullable String taskId) {}

  @GetMapping
  WorkingScope scope() {
    return planner.scope();
  }

  @RequestMapping(method = {RequestMethod.PUT, RequestMethod.POST})
  WorkingScope focus(@RequestBody FocusChange body) {
    String id = body.taskId();
    tracker.focus(id == null || id.isBlank() ? null : tracker.resolve(id));
    return planner.scope();
  }

  @DeleteMapping
  WorkingScope clear() {
    tracker.focus(null);
    return planner.scope();
  }
}
