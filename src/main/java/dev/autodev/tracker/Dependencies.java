package dev.autodev.tracker;

import java.util.List;

/**
 * One task's place in the dependency graph: what it waits on (with each one's status), whether that
 * blocks it, and which open tasks wait on it. The document of {@code task deps --json} and
 * /api/tasks/{id}/dependencies.
 */
public record Dependencies(
    TaskRef task, boolean blocked, List<TaskRef> dependsOn, List<TaskRef> dependents) {

  public Dependencies {
    dependsOn = List.copyOf(dependsOn);
    dependents = List.copyOf(dependents);
  }
}
