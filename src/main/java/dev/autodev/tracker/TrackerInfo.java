package dev.autodev.tracker;

import dev.autodev.store.StorePaths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The {@code store} section of {@code /actuator/info}: which data folder this process serves, the
 * session, the revision (committed changes so far) and the open tasks by status, read from the
 * tracker's in-memory view (refreshed when another process changed the folder). Only where Actuator
 * runs.
 */
@Component
@ConditionalOnWebApplication
class TrackerInfo implements InfoContributor {

  private final TaskTracker tracker;
  private final StorePaths paths;

  TrackerInfo(TaskTracker tracker, StorePaths paths) {
    this.tracker = tracker;
    this.paths = paths;
  }

  @Override
  public void contribute(Info.Builder builder) {
    TrackerState state = tracker.state();
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("folder", paths.home().toString());
    store.put("revision", state.revision());
    if (state.sessionId() != null) {
      store.put("session_id", state.sessionId().toString());
    }
    Map<String, Long> open = new LinkedHashMap<>();
    for (TaskStatus status : TaskStatus.values()) {
      if (!status.archived()) {
        open.put(status.wire(), 0L);
      }
    }
    for (Task t : state.tasks().values()) {
      open.merge(t.status().wire(), 1L, Long::sum);
    }
    open.put("total", (long) state.tasks().size());
    store.put("open_tasks", open);
    builder.withDetail("store", store);
  }
}
