package dev.autodev.tracker;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The newest archived record of many tasks in one pass over history, newest segment first, stopping
 * at the first segment by which all were found. Graph queries use it instead of one history scan
 * per edge.
 */
final class ArchiveLookup {

  private ArchiveLookup() {}

  /** The latest archived record of each id found; ids never archived are absent. */
  static Map<UUID, Task> latest(HistoryArchive history, Set<UUID> ids) {
    Map<UUID, Task> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    history.findLatest(ids).forEach((id, record) -> found.put(id, record.task()));
    return found;
  }
}
