package dev.autodev.session;

import dev.autodev.tracker.TaskTracker;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Builds the resume report from the tracker's current state. */
@Component
class SessionView {

  private final TaskTracker tracker;
  private final Clock clock;

  SessionView(TaskTracker tracker, Clock clock) {
    this.tracker = tracker;
    this.clock = clock;
  }

  ResumeReport resume() {
    return ResumeReport.of(
        tracker.state(), tracker.run().runId(), tracker.startupRecovery(), clock.instant());
  }
}
