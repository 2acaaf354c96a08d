package dev.autodev.tracker;

import java.time.Instant;

/**
 * One line of a history segment: the final record of a task that completed or failed, and the
 * revision of the change that archived it (so recovery knows which archives already happened).
 */
public record ArchivedTask(
    int schemaVersion, long archivedRevision, Instant archivedAt, Task task) {

  public static final int SCHEMA_VERSION = 1;
}
