package dev.autodev.tracker;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The invariants a snapshot must hold before it may be written or trusted after a read: every open
 * task complete and open, ids unique, the current task among them.
 */
final class StateValidator {

  private StateValidator() {}

  static void validate(CurrentFile file, Path path) {
    if (file.revision() < 0) {
      throw corrupt(path, "negative revision " + file.revision());
    }
    if (file.tasks() == null) {
      throw corrupt(path, "tasks section missing");
    }
    List<Task> tasks = file.tasks();
    Set<UUID> ids = new HashSet<>();
    for (Task t : tasks) {
      validateTask(t, path);
      if (!ids.add(t.id())) {
        throw corrupt(path, "task " + t.id() + " appears twice");
      }
      if (t.status().archived()) {
        throw corrupt(path, "task " + t.id() + " is " + t.status() + " but still listed as open");
      }
    }
    if (file.currentTask() != null && !ids.contains(file.currentTask().id())) {
      throw corrupt(path, "current_task " + file.currentTask().id() + " is not an open task");
    }
    if (file.memory() == null || file.runs() == null) {
      throw corrupt(path, "memory or runs section missing");
    }
  }

  static void validateTask(Task t, Path path) {
    if (t.id() == null
        || t.name() == null
        || t.name().isBlank()
        || t.status() == null
        || t.createdAt() == null
        || t.updatedAt() == null
        || t.version() < 0) {
      throw corrupt(
          path, "a task record lacks id, name, status, created_at or updated_at: " + t.id());
    }
  }

  static void validate(MemoryFile file, Path path) {
    if (file.keyDecisions() == null || file.learnedPatterns() == null || file.facts() == null) {
      throw corrupt(path, "memory lists missing");
    }
  }

  private static StoreException corrupt(Path path, String why) {
    return new StoreException(StoreErrorCode.CORRUPT_FILE, path, path + ": " + why);
  }
}
