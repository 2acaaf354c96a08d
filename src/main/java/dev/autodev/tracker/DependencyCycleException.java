package dev.autodev.tracker;

import java.util.List;
import java.util.UUID;

/**
 * A dependency that would make tasks wait on each other forever, refused when the edge is added.
 * The message and {@link #cycle()} name every task on the cycle, so the user knows which edge to
 * remove instead.
 */
public class DependencyCycleException extends TrackerException {
  private static final long serialVersionUID = 1L;

  private final transient List<UUID> cycle;

  DependencyCycleException(String message, List<UUID> cycle) {
    super(message);
    this.cycle = List.copyOf(cycle);
  }

  /** The tasks on the cycle in order, each depending on the next; the first is repeated last. */
  public List<UUID> cycle() {
    return cycle;
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
