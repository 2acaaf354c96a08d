package dev.autodev.session;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The session over HTTP: GET /api/session/resume, for an agent to load where work stands. */
@RestController
@RequestMapping("/api/session")
class SessionController {

  private final SessionView view;

  SessionController(SessionView view) {
    this.view = view;
  }

  @GetMapping("/resume")
  ResumeReport resume() {
    return view.resume();
  }
}
