package dev.autodev.session;

import dev.autodev.tracker.SessionRecord;
import dev.autodev.tracker.TaskTracker;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sessions over HTTP, the same documents as the {@code session} commands and {@code task resume}:
 * GET /api/session/resume for an agent to load where work stands.
 */
@RestController
@RequestMapping("/api")
@Tag(
    name = "sessions",
    description = "Sessions, the current task (focus) and where work stands (resume)")
class SessionController {

  private final SessionView view;
  private final TaskTracker tracker;

  SessionController(SessionView view, TaskTracker tracker) {
    this.view = view;
    this.tracker = tracker;
  }

  @GetMapping("/session/resume")
  ResumeReport resume() {
    return view.resume();
  }

  @GetMapping("/session")
  SessionInfo show() {
    return view.show();
  }

  @PostMapping("/session/start")
  SessionInfo start() {
    tracker.startSession();
    return view.show();
  }

  @PostMapping("/session/end")
  SessionRecord end() {
    return tracker.endSession();
  }

  @GetMapping("/sessions")
  SessionList list(@RequestParam(name = "limit", defaultValue = "20") int limit) {
    return view.list(limit);
  }
}
