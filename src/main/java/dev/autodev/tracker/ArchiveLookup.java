package dev.autodev.tracker;

import java.nio.file.Path;
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
    for (Path segment : history.segmentsNewestFirst()) {
      // Within a segment later lines are newer; a newer segment beats every older one.
      Map<UUID, Task> inSegment = new HashMap<>();
      history.scan(
          segment,
          r -> {
            UUID id = r.task().id();
            if (ids.contains(id) && !found.containsKey(id)) {
              inSegment.put(id, r.task());
            }
            return false;
          });
      found.putAll(inSegment);
      if (found.size() == ids.size()) {
        break;
      }
    }
    return found;
  }
}
