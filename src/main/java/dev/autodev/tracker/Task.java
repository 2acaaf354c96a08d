package dev.autodev.tracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work with its whole story: status, timing, context and its own audit trail ({@code
 * events}). Immutable; every change makes a new version with {@code version} one higher.
 *
 * @param createdRevision the revision of the change that created the task: its exact place in
 *     creation order, where {@code created_at} ties for tasks created in the same clock tick.
 *     {@code null} for tasks created before auto-dev recorded it (their files lack the field);
 *     those were all created before any task that has it.
 */
public record Task(
    UUID id,
    String name,
    @Nullable String description,
    TaskStatus status,
    Priority priority,
    List<String> tags,
    @Nullable UUID parentId,
    List<UUID> dependsOn,
    Instant createdAt,
    @Nullable Long createdRevision,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt,
    Instant updatedAt,
    long durationSeconds,
    int attempts,
    @Nullable String failureReason,
    TaskContext context,
    @Nullable UUID sessionId,
    long version,
    List<AuditEntry> events) {

  /** Creation order; see {@link Creation}. */
  public static final Comparator<Task> CREATION_ORDER = Comparator.comparing(Task::creation);

  /**
   * Where a task stands in creation order: by the revision that created it; tasks from before that
   * was recorded come first, by creation time, then by id (the only tie left: two such tasks
   * created in one clock tick).
   */
  public record Creation(@Nullable Long revision, Instant at, UUID id)
      implements Comparable<Creation> {

    private static final Comparator<Creation> ORDER =
        Comparator.comparing(Creation::revision, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Creation::at)
            .thenComparing(c -> c.id().toString());

    @Override
    public int compareTo(Creation other) {
      return ORDER.compare(this, other);
    }
  }

  /** This task's place in creation order. */
  public Creation creation() {
    return new Creation(createdRevision, createdAt, id);
  }

  public Task {
    tags = tags == null ? List.of() : List.copyOf(tags);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    context = context == null ? TaskContext.EMPTY : context;
    events = events == null ? List.of() : List.copyOf(events);
    priority = priority == null ? Priority.MEDIUM : priority;
  }

  /** The tasks in {@link #CREATION_ORDER}; the list as it is when it is in order already. */
  public static List<Task> inCreationOrder(Collection<Task> tasks) {
    List<Task> list = List.copyOf(tasks);
    for (int i = 1; i < list.size(); i++) {
      if (CREATION_ORDER.compare(list.get(i - 1), list.get(i)) > 0) {
        List<Task> sorted = new ArrayList<>(list);
        sorted.sort(CREATION_ORDER);
        return List.copyOf(sorted);
      }
    }
    return list;
  }

  /** The first eight characters of the id, as shown in tables. */
  public String shortId() {
    return id.toString().substring(0, 8);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies a task with some fields changed; {@link #touch} records the change in the trail. */
  public static final class Builder {
    private final UUID id;
    private String name;
    private @Nullable String description;
    private TaskStatus status;
    private Priority priority;
    private List<String> tags;
    private @Nullable UUID parentId;
    private List<UUID> dependsOn;
    private final Instant createdAt;
    private final @Nullable Long createdRevision;
    private @Nullable Instant startedAt;
    private @Nullable Instant completedAt;
    private @Nullable Instant failedAt;
    private Instant updatedAt;
    private long durationSeconds;
    private int attempts;
    private @Nullable String failureReason;
    private TaskContext context;
    private @Nullable UUID sessionId;
    private long version;
    private final List<AuditEntry> events;

    private Builder(Task t) {
      id = t.id;
      name = t.name;
      description = t.description;
      status = t.status;
      priority = t.priority;
      tags = t.tags;
      parentId = t.parentId;
      dependsOn = t.dependsOn;
      createdAt = t.createdAt;
      createdRevision = t.createdRevision;
      startedAt = t.startedAt;
      completedAt = t.completedAt;
      failedAt = t.failedAt;
      updatedAt = t.updatedAt;
      durationSeconds = t.durationSeconds;
      attempts = t.attempts;
      failureReason = t.failureReason;
      context = t.context;
      sessionId = t.sessionId;
      version = t.version;
      events = new ArrayList<>(t.events);
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder description(@Nullable String v) {
      description = v;
      return this;
    }

    public Builder status(TaskStatus v) {
      status = v;
      return this;
    }

    public Builder priority(Priority v) {
      priority = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder parentId(@Nullable UUID v) {
      parentId = v;
      return this;
    }

    public Builder dependsOn(List<UUID> v) {
      dependsOn = v;
      return this;
    }

    public Builder startedAt(@Nullable Instant v) {
      startedAt = v;
      return this;
    }

    public Builder completedAt(@Nullable Instant v) {
      completedAt = v;
      return this;
    }

    public Builder failedAt(@Nullable Instant v) {
      failedAt = v;
      return this;
    }

    public Builder durationSeconds(long v) {
      durationSeconds = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public Builder failureReason(@Nullable String v) {
      failureReason = v;
      return this;
    }

    public Builder context(TaskContext v) {
      context = v;
      return this;
    }

    public Builder sessionId(@Nullable UUID v) {
      sessionId = v;
      return this;
    }

    /** Stamps the change: updated_at, version + 1 and an entry in the task's audit trail. */
    public Builder touch(AuditEntry entry) {
      updatedAt = entry.at();
      version++;
      events.add(entry);
      return this;
    }

    public Task build() {
      return new Task(
          id,
          name,
          description,
          status,
          priority,
          tags,
          parentId,
          dependsOn,
          createdAt,
          createdRevision,
          startedAt,
          completedAt,
          failedAt,
          updatedAt,
          durationSeconds,
          attempts,
          failureReason,
          context,
          sessionId,
          version,
          events);
    }
  }
}
