package dev.autodev.tracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work with its whole story: status, timing, context and its own audit trail ({@code
 * events}). Immutable; every change makes a new version with {@code version} one higher.
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

  public Task {
    tags = tags == null ? List.of() : List.copyOf(tags);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    context = context == null ? TaskContext.EMPTY : context;
    events = events == null ? List.of() : List.copyOf(events);
    priority = priority == null ? Priority.MEDIUM : priority;
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
