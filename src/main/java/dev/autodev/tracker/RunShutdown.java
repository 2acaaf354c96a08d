package dev.autodev.tracker;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records a graceful end of this run when the application closes (normal exit, SIGTERM, Ctrl-C),
 * while every bean is still alive. It only acts if the tracker was started, so a command that never
 * touched the store does not open it just to close it.
 */
@Component
public class RunShutdown {

  private volatile @Nullable TaskTracker tracker;

  void register(TaskTracker started) {
    this.tracker = started;
  }

  @EventListener
  void on(ContextClosedEvent event) {
    TaskTracker started = tracker;
    if (started != null) {
      tracker = null;
      started.endRun();
    }
  }
}
