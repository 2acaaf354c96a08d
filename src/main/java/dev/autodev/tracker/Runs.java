package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The runs that are still active and the most recent ended ones, newest last. */
public record Runs(List<RunInfo> active, List<RunOutcome> recent) {

  /** How many ended runs current.json remembers. */
  public static final int RECENT_LIMIT = 20;

  public static final Runs NONE = new Runs(List.of(), List.of());

  public Runs {
    active = active == null ? List.of() : List.copyOf(active);
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  public boolean isActive(UUID runId) {
    return active.stream().anyMatch(r -> r.runId().equals(runId));
  }

  /** Adds or replaces the entry of one active run. */
  public Runs withActive(RunInfo run) {
    List<RunInfo> next = new ArrayList<>();
    for (RunInfo r : active) {
      if (!r.runId().equals(run.runId())) {
        next.add(r);
      }
    }
    next.add(run);
    return new Runs(next, recent);
  }

  /** Moves a run from active to recent with its outcome. */
  public Runs ended(RunOutcome outcome) {
    List<RunInfo> nextActive = new ArrayList<>();
    for (RunInfo r : active) {
      if (!r.runId().equals(outcome.runId())) {
        nextActive.add(r);
      }
    }
    List<RunOutcome> nextRecent = new ArrayList<>(recent);
    nextRecent.add(outcome);
    while (nextRecent.size() > RECENT_LIMIT) {
      nextRecent.remove(0);
    }
    return new Runs(nextActive, nextRecent);
  }
}
