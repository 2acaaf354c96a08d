package dev.autodev.tracker;

import dev.autodev.store.FileStamp;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import dev.autodev.tracker.DomainEvent.ContextUpdated;
import dev.autodev.tracker.DomainEvent.DependencyAdded;
import dev.autodev.tracker.DomainEvent.DependencyRemoved;
import dev.autodev.tracker.DomainEvent.RunEnded;
import dev.autodev.tracker.DomainEvent.RunInterrupted;
import dev.autodev.tracker.DomainEvent.ScopeChanged;
import dev.autodev.tracker.DomainEvent.SessionStarted;
import dev.autodev.tracker.DomainEvent.StoreRecovered;
import dev.autodev.tracker.DomainEvent.TaskCompleted;
import dev.autodev.tracker.DomainEvent.TaskCreated;
import dev.autodev.tracker.DomainEvent.TaskDeleted;
import dev.autodev.tracker.DomainEvent.TaskEdited;
import dev.autodev.tracker.DomainEvent.TaskFailed;
import dev.autodev.tracker.DomainEvent.TaskRetried;
import dev.autodev.tracker.DomainEvent.TaskStarted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The only way to change the tracked state, from any entry point.
 *
 * <p>Each change runs the write protocol in one critical section: take the store lock (in-JVM, then
 * the OS lock), reload if another process committed since we last looked, apply the change to an
 * immutable copy, publish it as a {@link PendingChange} so the {@link AutoSaveListener} makes it
 * durable, and only then swap the in-memory state and return. Readers take no lock unless the files
 * changed under them.
 */
@Service
public class TaskTracker implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(TaskTracker.class);
  private static final String ONE_SHOT = "one-shot";

  private final StorePaths paths;
  private final StoreLock lock;
  private final StateLoader loader;
  private final JournalRepository journal;
  private final HistoryArchive history;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;
  private final RunIdentity run;
  private volatile View view;
  private final RunShutdown shutdown;
  private volatile List<String> startupRecovery = List.of();

  /** What recovery would do on a store this process cannot write, as last warned about. */
  private volatile List<String> pendingRecovery = List.of();

  /** memory.json is in an older format (no checksum): the next save rewrites it. */
  private volatile boolean memoryOutdated;

  private volatile boolean loaded;

  /** The state we last loaded or wrote, and the file stamps that prove it is still current. */
  private record View(TrackerState state, FileStamp journal, FileStamp current) {}

  public TaskTracker(
      StorePaths paths,
      StoreLock lock,
      StateLoader loader,
      JournalRepository journal,
      HistoryArchive history,
      ApplicationEventPublisher publisher,
      Clock clock,
      RunIdentity run,
      RunShutdown shutdown) {
    this.paths = paths;
    this.lock = lock;
    this.loader = loader;
    this.journal = journal;
    this.history = history;
    this.publisher = publisher;
    this.clock = clock;
    this.run = run;
    this.view = new View(TrackerState.EMPTY, FileStamp.ABSENT, FileStamp.ABSENT);
    this.shutdown = shutdown;
  }

  /**
   * Loads the store, with recovery, once the context is complete: the listener that saves changes
   * must exist before recovery can save anything. A one-shot command loads it at its first use
   * instead, so a command that only reads files ({@code store verify}) never runs recovery.
   */
  @Override
  public void afterSingletonsInstantiated() {
    if (!ONE_SHOT.equals(run.mode())) {
      ensureLoaded();
    }
  }

  private void ensureLoaded() {
    if (loaded) {
      return;
    }
    if (!lock.writable()) {
      lock.read(
          () -> {
            if (!loaded) {
              loadReadOnly();
              loaded = true;
            }
            return null;
          });
      return;
    }
    lock.call(
        () -> {
          if (!loaded) {
            startupRecovery = reload();
            loaded = true;
            shutdown.register(this);
          }
          return null;
        });
  }

  /**
   * Loads a store this process cannot write: the state recovery would arrive at, worked out without
   * writing anything (no temp file removed, no journal line dropped, nothing quarantined, no
   * recovery change), and a warning naming what recovery would do once someone can write.
   */
  private void loadReadOnly() {
    StateLoader.Plan plan = loader.plan();
    view = new View(plan.state(), journal.stamp(), FileStamp.of(paths.current()));
    List<String> pending = plan.wouldDo();
    if (!pending.isEmpty() && !pending.equals(pendingRecovery)) {
      log.warn(
          "{}; the recovery it needs was not made, it would: {}",
          lock.readOnlyReason(),
          String.join("; ", pending));
    }
    pendingRecovery = pending;
  }

  // ---------------------------------------------------------------- reads

  /** The current state, reloaded first if another process changed the files. */
  public TrackerState state() {
    ensureLoaded();
    View v = view;
    if (!isStale(v)) {
      return v.state();
    }
    if (!lock.writable()) {
      return lock.read(
          () -> {
            loadReadOnly();
            return view.state();
          });
    }
    return lock.call(
        () -> {
          refreshLocked();
          return view.state();
        });
  }

  /**
   * Open tasks in creation order (current.json keeps them in the order they became open, which a
   * retried task's return changes).
   */
  public List<Task> openTasks() {
    return Task.inCreationOrder(state().tasks().values());
  }

  /** An open or archived task by id. */
  public Optional<Task> find(UUID id) {
    Task open = state().task(id);
    if (open != null) {
      return Optional.of(open);
    }
    return history.findLatest(id).map(ArchivedTask::task);
  }

  /** The task with this id, open or archived, or a not-found error. */
  public Task get(UUID id) {
    return find(id).orElseThrow(() -> new TaskNotFoundException(id.toString()));
  }

  /** The newest archived tasks that match the filter, newest first. */
  public List<ArchivedTask> archived(int limit, @Nullable TaskStatus status) {
    return history.newest(limit, r -> status == null || r.task().status() == status);
  }

  /** What the automatic recovery did when this process started (empty when nothing). */
  public List<String> startupRecovery() {
    ensureLoaded();
    return startupRecovery;
  }

  /** This process's run. */
  public RunIdentity run() {
    return run;
  }

  /**
   * Turns a full id or a unique prefix of 4+ characters into an id. Prefixes resolve among open
   * tasks and this session's finished ones first, then across history.
   */
  public UUID resolve(String idOrPrefix) {
    String v = TaskInput.idOrPrefix(idOrPrefix);
    UUID full = TaskInput.fullId(v);
    if (full != null) {
      return full;
    }
    TrackerState s = state();
    Set<UUID> matches = new LinkedHashSet<>();
    for (UUID id : s.tasks().keySet()) {
      if (id.toString().startsWith(v)) {
        matches.add(id);
      }
    }
    s.completedTasks().stream()
        .map(CompletedSummary::id)
        .filter(id -> id.toString().startsWith(v))
        .forEach(matches::add);
    s.failedTasks().stream()
        .map(FailedSummary::id)
        .filter(id -> id.toString().startsWith(v))
        .forEach(matches::add);
    if (matches.isEmpty()) {
      matches.addAll(history.idsWithPrefix(v, 2));
    }
    if (matches.isEmpty()) {
      throw new TaskNotFoundException(idOrPrefix.strip());
    }
    if (matches.size() > 1) {
      throw new AmbiguousTaskIdException(v, List.copyOf(matches));
    }
    return matches.iterator().next();
  }

  // ---------------------------------------------------------------- changes

  /** Creates a pending task. */
  public Task create(NewTask request) {
    String name = TaskInput.name(request.name());
    String description = TaskInput.text("description", request.description());
    List<String> tags = TaskInput.tags(request.tags());
    Priority priority = request.priority() == null ? Priority.MEDIUM : request.priority();
    return mutate(
        ctx -> {
          if (request.parentId() != null) {
            requireKnown(ctx.state(), request.parentId(), "parent");
          }
          for (UUID dep : request.dependsOn()) {
            requireKnown(ctx.state(), dep, "dependency");
          }
          Task task =
              new Task(
                  UUID.randomUUID(),
                  name,
                  description,
                  TaskStatus.PENDING,
                  priority,
                  tags,
                  request.parentId(),
                  List.copyOf(new LinkedHashSet<>(request.dependsOn())),
                  ctx.now(),
                  ctx.revision(),
                  null,
                  null,
                  null,
                  ctx.now(),
                  0,
                  0,
                  null,
                  TaskContext.EMPTY,
                  ctx.sessionId(),
                  1,
                  List.of(ctx.audit("created", null, TaskStatus.PENDING, null)));
          return new Step<>(
              ctx.state().withTask(task),
              List.of(new TaskCreated(task.id(), name)),
              List.of(),
              task);
        });
  }

  /**
   * Starts a pending task and makes it the current task. A task whose dependencies are not all
   * completed is refused, naming them, unless {@code force}.
   */
  public Task start(UUID id, boolean force) {
    return start(id, force, ExpectedVersion.ANY);
  }

  /**
   * {@link #start(UUID, boolean)}, refused when the task is not at the {@code expected} version.
   */
  public Task start(UUID id, boolean force, ExpectedVersion expected) {
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "start", expected);
          if (task.status() == TaskStatus.IN_PROGRESS) {
            throw new InvalidTransitionException(describe(task) + " is already in progress");
          }
          List<String> blockers = blockers(ctx.state(), task);
          if (!blockers.isEmpty() && !force) {
            throw new InvalidTransitionException(
                describe(task)
                    + " is blocked by "
                    + String.join(", ", blockers)
                    + "; finish those first or use --force");
          }
          Task started =
              task.toBuilder()
                  .status(TaskStatus.IN_PROGRESS)
                  .startedAt(ctx.now())
                  .attempts(Math.max(1, task.attempts()))
                  .touch(
                      ctx.audit(
                          "started",
                          task.status(),
                          TaskStatus.IN_PROGRESS,
                          blockers.isEmpty() ? null : "forced past " + String.join(", ", blockers)))
                  .build();
          List<DomainEvent> events = new ArrayList<>();
          events.add(new TaskStarted(id, !blockers.isEmpty()));
          TrackerState next = focus(ctx, ctx.state().withTask(started), id, "started", events);
          return new Step<>(next, events, List.of(), next.task(id));
        });
  }

  /**
   * Completes an in-progress task and archives it. If it was the current task, the focus returns to
   * its parent. A task with open subtasks is refused unless {@code force}.
   */
  public Task complete(UUID id, boolean force) {
    return complete(id, force, ExpectedVersion.ANY);
  }

  /** {@link #complete(UUID, boolean)}, refused when the task is not at the expected version. */
  public Task complete(UUID id, boolean force, ExpectedVersion expected) {
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "complete", expected);
          if (task.status() == TaskStatus.PENDING) {
            throw new InvalidTransitionException(
                describe(task)
                    + " is pending: start it first ('task start "
                    + task.shortId()
                    + "'), or abandon it with 'task fail "
                    + task.shortId()
                    + " --reason …'");
          }
          List<String> openChildren = openChildren(ctx.state(), id);
          if (!openChildren.isEmpty() && !force) {
            throw new InvalidTransitionException(
                describe(task)
                    + " has open subtasks: "
                    + String.join(", ", openChildren)
                    + "; finish them first or use --force");
          }
          long duration = task.durationSeconds() + activeSeconds(task, ctx.now());
          Task done =
              task.toBuilder()
                  .status(TaskStatus.COMPLETED)
                  .completedAt(ctx.now())
                  .durationSeconds(duration)
                  .touch(
                      ctx.audit(
                          "completed",
                          task.status(),
                          TaskStatus.COMPLETED,
                          openChildren.isEmpty()
                              ? null
                              : "forced; still open: " + String.join(", ", openChildren)))
                  .build();
          List<DomainEvent> events = new ArrayList<>();
          events.add(new TaskCompleted(id, duration));
          TrackerState next =
              ctx.state()
                  .withoutTask(id)
                  .withCompleted(new CompletedSummary(id, task.name(), ctx.now(), duration));
          next = leaveScope(ctx, next, task, "completed", events);
          return new Step<>(next, events, List.of(done), done);
        });
  }

  /** Fails an in-progress task, or abandons a pending one, with a reason; archives it. */
  public Task fail(UUID id, @Nullable String reason) {
    return fail(id, reason, ExpectedVersion.ANY);
  }

  /** {@link #fail(UUID, String)}, refused when the task is not at the expected version. */
  public Task fail(UUID id, @Nullable String reason, ExpectedVersion expected) {
    String why = TaskInput.entry("reason", reason);
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "fail", expected);
          long duration = task.durationSeconds() + activeSeconds(task, ctx.now());
          Task failed =
              task.toBuilder()
                  .status(TaskStatus.FAILED)
                  .failedAt(ctx.now())
                  .failureReason(why)
                  .durationSeconds(duration)
                  .touch(ctx.audit("failed", task.status(), TaskStatus.FAILED, why))
                  .build();
          List<DomainEvent> events = new ArrayList<>();
          events.add(new TaskFailed(id, why));
          List<FailedSummary> failedList = new ArrayList<>(ctx.state().failedTasks());
          failedList.removeIf(f -> f.id().equals(id));
          failedList.add(new FailedSummary(id, task.name(), ctx.now(), why, failed.attempts()));
          TrackerState next = ctx.state().withoutTask(id).withFailedTasks(failedList);
          next = leaveScope(ctx, next, task, "failed", events);
          return new Step<>(next, events, List.of(failed), failed);
        });
  }

  /**
   * Brings a failed task back from history for another attempt (attempts + 1): pending, or in
   * progress and focused when {@code start}.
   */
  public Task retry(UUID id, boolean start) {
    return retry(id, start, ExpectedVersion.ANY);
  }

  /**
   * {@link #retry(UUID, boolean)}, refused when the failed record is not at the expected version.
   */
  public Task retry(UUID id, boolean start, ExpectedVersion expected) {
    return mutate(
        ctx -> {
          Task open = ctx.state().task(id);
          if (open != null) {
            throw new InvalidTransitionException(
                describe(open) + " is " + open.status() + "; only failed tasks can be retried");
          }
          Task last =
              history
                  .findLatest(id)
                  .map(ArchivedTask::task)
                  .orElseThrow(() -> new TaskNotFoundException(id.toString()));
          if (last.status() != TaskStatus.FAILED) {
            throw new InvalidTransitionException(
                describe(last) + " is completed; completed tasks cannot change");
          }
          expected.check(last);
          TaskStatus to = start ? TaskStatus.IN_PROGRESS : TaskStatus.PENDING;
          int attempts = last.attempts() + 1;
          Task back =
              last.toBuilder()
                  .status(to)
                  .attempts(attempts)
                  .failedAt(null)
                  .failureReason(null)
                  .startedAt(start ? ctx.now() : null)
                  .touch(
                      ctx.audit(
                          "retried",
                          TaskStatus.FAILED,
                          to,
                          "attempt " + attempts + "; last failure: " + last.failureReason()))
                  .build();
          List<DomainEvent> events = new ArrayList<>();
          events.add(new TaskRetried(id, attempts));
          List<FailedSummary> failedList = new ArrayList<>(ctx.state().failedTasks());
          failedList.removeIf(f -> f.id().equals(id));
          TrackerState next = ctx.state().withTask(back).withFailedTasks(failedList);
          if (start) {
            events.add(new TaskStarted(id, false));
            next = focus(ctx, next, id, "started", events);
          }
          return new Step<>(next, events, List.of(), next.task(id));
        });
  }

  /** Records a file, decision or note on an open task. */
  public Task addContext(UUID id, ContextKind kind, String value) {
    return addContext(id, kind, value, ExpectedVersion.ANY);
  }

  /** {@link #addContext(UUID, ContextKind, String)} with a version precondition. */
  public Task addContext(UUID id, ContextKind kind, String value, ExpectedVersion expected) {
    String entry = TaskInput.entry(kind.wire(), value);
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "add context to", expected);
          TaskContext context = task.context().with(kind, entry);
          if (context.equals(task.context())) {
            return Step.unchanged(task);
          }
          Task updated =
              task.toBuilder()
                  .context(context)
                  .touch(ctx.audit("context_" + kind.wire(), null, null, entry))
                  .build();
          return new Step<>(
              ctx.state().withTask(updated),
              List.of(new ContextUpdated(id, kind, entry)),
              List.of(),
              updated);
        });
  }

  /**
   * Changes an open task's name, description, priority or tags in one change (audit entry {@code
   * edited} naming the fields, event {@code task_edited}). Fields equal to the current values are
   * not a change; an edit that changes nothing changes nothing (same version). Finished tasks are
   * history and cannot be edited.
   */
  public Task edit(UUID id, TaskEdit edit, ExpectedVersion expected) {
    if (edit.isEmpty()) {
      throw new InvalidInputException(
          "edit", "nothing to change: give a name, description, priority or tags");
    }
    String name = edit.name() == null ? null : TaskInput.name(edit.name());
    String description =
        edit.description() == null ? null : TaskInput.text("description", edit.description());
    List<String> tags = edit.tags() == null ? null : TaskInput.tags(edit.tags());
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "edit", expected);
          Task.Builder b = task.toBuilder();
          List<String> fields = new ArrayList<>();
          if (name != null && !name.equals(task.name())) {
            b.name(name);
            fields.add("name");
          }
          if (edit.description() != null
              && !java.util.Objects.equals(description, task.description())) {
            b.description(description);
            fields.add("description");
          }
          if (edit.priority() != null && edit.priority() != task.priority()) {
            b.priority(edit.priority());
            fields.add("priority");
          }
          if (tags != null && !tags.equals(task.tags())) {
            b.tags(tags);
            fields.add("tags");
          }
          if (fields.isEmpty()) {
            return Step.unchanged(task);
          }
          Task updated =
              b.touch(ctx.audit("edited", null, null, String.join(", ", fields))).build();
          return new Step<>(
              ctx.state().withTask(updated),
              List.of(new TaskEdited(id, fields)),
              List.of(),
              updated);
        });
  }

  /**
   * Deletes an open task (a mistake, a duplicate) in one change. Refused, naming them, while open
   * tasks depend on it or are its subtasks: remove those edges first. Finished tasks are history
   * and cannot be deleted. The journal keeps the deleted record with its trail (event {@code
   * task_deleted}); if it was the current task, the focus moves to its open parent or none.
   */
  public Task delete(UUID id, ExpectedVersion expected) {
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "delete", expected);
          List<String> holders = new ArrayList<>();
          for (Task t : ctx.state().tasks().values()) {
            if (t.dependsOn().contains(id)) {
              holders.add(describe(t) + " depends on it");
            } else if (id.equals(t.parentId())) {
              holders.add(describe(t) + " is its subtask");
            }
          }
          if (!holders.isEmpty()) {
            throw new InvalidTransitionException(
                "cannot delete "
                    + describe(task)
                    + ": "
                    + String.join("; ", holders)
                    + ". Remove those links (or those tasks) first");
          }
          Task deleted =
              task.toBuilder().touch(ctx.audit("deleted", task.status(), null, null)).build();
          List<DomainEvent> events = new ArrayList<>();
          events.add(new TaskDeleted(id, deleted));
          TrackerState next = leaveScope(ctx, ctx.state().withoutTask(id), task, "deleted", events);
          return new Step<>(next, events, List.of(), deleted);
        });
  }

  /** Makes an open task the current task, or clears the focus when {@code id} is null. */
  public @Nullable Task focus(@Nullable UUID id) {
    return mutate(
        ctx -> {
          if (id != null) {
            openOrExplain(ctx.state(), id, "focus on");
          }
          if (java.util.Objects.equals(ctx.state().currentTaskId(), id)) {
            return Step.unchanged(id == null ? null : ctx.state().task(id));
          }
          List<DomainEvent> events = new ArrayList<>();
          TrackerState next = focus(ctx, ctx.state(), id, "focus", events);
          return new Step<>(next, events, List.of(), id == null ? null : next.task(id));
        });
  }

  // ---------------------------------------------------------------- dependencies

  /**
   * Makes an open task wait for others, all in one change. Dependencies it already has are skipped;
   * an unknown id, the task itself, or an edge that would close a cycle (named in the error) is
   * refused, and then nothing is added. Completed and archived tasks are fine to depend on.
   */
  public Task depend(UUID id, List<UUID> on) {
    return depend(id, on, ExpectedVersion.ANY);
  }

  /** {@link #depend(UUID, List)}, refused when the task is not at the expected version. */
  public Task depend(UUID id, List<UUID> on, ExpectedVersion expected) {
    if (on.isEmpty()) {
      throw new InvalidInputException("on", "give the id of a task it should depend on");
    }
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "add a dependency to", expected);
          TrackerState next = ctx.state();
          Task updated = task;
          List<DomainEvent> events = new ArrayList<>();
          for (UUID dep : new LinkedHashSet<>(on)) {
            if (dep.equals(id)) {
              throw new InvalidInputException("on", describe(task) + " cannot depend on itself");
            }
            if (updated.dependsOn().contains(dep)) {
              continue;
            }
            Task target = knownTask(next, dep);
            List<UUID> chain = TaskGraph.path(dep, id, TaskGraph.edgesOf(next, history));
            if (chain != null) {
              throw TaskGraph.cycle(updated, target, chain);
            }
            List<UUID> deps = new ArrayList<>(updated.dependsOn());
            deps.add(dep);
            updated =
                updated.toBuilder()
                    .dependsOn(deps)
                    .touch(ctx.audit("dependency_added", null, null, "on " + describe(target)))
                    .build();
            next = next.withTask(updated);
            events.add(new DependencyAdded(id, dep));
          }
          if (events.isEmpty()) {
            return Step.unchanged(task);
          }
          return new Step<>(next, events, List.of(), updated);
        });
  }

  /** Stops an open task waiting for others, in one change; each must be one of its dependencies. */
  public Task undepend(UUID id, List<UUID> on) {
    return undepend(id, on, ExpectedVersion.ANY);
  }

  /** {@link #undepend(UUID, List)}, refused when the task is not at the expected version. */
  public Task undepend(UUID id, List<UUID> on, ExpectedVersion expected) {
    if (on.isEmpty()) {
      throw new InvalidInputException("on", "give the id of the dependency to remove");
    }
    return mutate(
        ctx -> {
          Task task = openOrExplain(ctx.state(), id, "remove a dependency from", expected);
          List<UUID> deps = new ArrayList<>(task.dependsOn());
          Task.Builder updated = task.toBuilder();
          List<DomainEvent> events = new ArrayList<>();
          for (UUID dep : new LinkedHashSet<>(on)) {
            if (!deps.remove(dep)) {
              throw TaskGraph.notADependency(task, dep);
            }
            updated.touch(
                ctx.audit(
                    "dependency_removed", null, null, "on " + TaskGraph.name(ctx.state(), dep)));
            events.add(new DependencyRemoved(id, dep));
          }
          Task done = updated.dependsOn(deps).build();
          return new Step<>(ctx.state().withTask(done), events, List.of(), done);
        });
  }

  /** The newest archived tasks that pass {@code filter}, newest first. */
  public List<Task> archivedMatching(int limit, Predicate<Task> filter) {
    return history.newest(limit, r -> filter.test(r.task())).stream()
        .map(ArchivedTask::task)
        .toList();
  }

  /** An open task, or the latest archived record; an unknown id is bad input. */
  private Task knownTask(TrackerState state, UUID id) {
    Task open = state.task(id);
    if (open != null) {
      return open;
    }
    return history
        .findLatest(id)
        .map(ArchivedTask::task)
        .orElseThrow(() -> new InvalidInputException("on", "no dependency task with id " + id));
  }

  /** Records that this run is ending cleanly; called once when the application shuts down. */
  void endRun() {
    if (!lock.writable()) {
      return; // it never changed anything, so it was never recorded as a run
    }
    try {
      lock.call(this::endRunLocked);
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the end of this run; the next start will report it: {}",
          e.getMessage());
    }
  }

  private @Nullable PendingChange endRunLocked() {
    {
      refreshLocked();
      TrackerState before = view.state();
      RunInfo mine =
          before.runs().active().stream()
              .filter(r -> r.runId().equals(run.runId()))
              .findFirst()
              .orElse(null);
      if (mine == null) {
        return null;
      }
      Instant now = clock.instant();
      TrackerState after =
          before.withRuns(
              before
                  .runs()
                  .ended(
                      new RunOutcome(
                          mine.runId(),
                          mine.pid(),
                          mine.mode(),
                          mine.startedAt(),
                          now,
                          RunOutcome.CLEAN,
                          mine.lastChangeAt())));
      return commit(
          before, after, List.of(new RunEnded(run.runId())), List.of(), false, false, now);
    }
  }

  // ---------------------------------------------------------------- memory and sessions

  /** The project's memory as it is now. */
  public Memory memory() {
    return state().memory();
  }

  /** Sets the project type (e.g. {@code cli_tool}); returns it. */
  public String setProjectType(String type) {
    return mutate(MemoryOperations.setProjectType(type));
  }

  /** Sets a free fact, adding it or replacing its value; returns the value stored. */
  public String setFact(String key, String value) {
    return mutate(MemoryOperations.setFact(key, value));
  }

  /** Removes a fact; returns the value it had, or a not-found error. */
  public String unsetFact(String key) {
    return mutate(MemoryOperations.unsetFact(key));
  }

  /** The value of a fact, or a not-found error. */
  public String fact(String key) {
    String k = MemoryInput.key(key);
    String value = memory().facts().get(k);
    if (value == null) {
      throw new MemoryNotFoundException(MemoryOperations.noFact(k));
    }
    return value;
  }

  /** Records a key decision, optionally about a task; the same decision twice is kept once. */
  public MemoryEntry decide(String text, @Nullable UUID taskId, List<String> tags) {
    return mutate(MemoryOperations.record(MemoryKind.DECISION, text, taskId, tags, history));
  }

  /** Records a learned pattern; the same pattern twice is kept once. */
  public MemoryEntry learn(String text, @Nullable UUID taskId, List<String> tags) {
    return mutate(MemoryOperations.record(MemoryKind.PATTERN, text, taskId, tags, history));
  }

  /** Removes a decision or pattern; returns what was removed. */
  public MemoryItem forget(UUID entryId) {
    return mutate(MemoryOperations.forget(entryId));
  }

  /** A decision or pattern by id, or a not-found error. */
  public MemoryItem memoryEntry(UUID entryId) {
    return memory()
        .find(entryId)
        .orElseThrow(
            () -> new MemoryNotFoundException("no decision or pattern with id '" + entryId + "'"));
  }

  /** Turns a full id or a unique prefix of 4+ characters into the id of a decision or pattern. */
  public UUID resolveMemoryEntry(String idOrPrefix) {
    return MemoryOperations.resolve(memory(), idOrPrefix);
  }

  /** Opens a session now; refused when one is open. Returns the new session's id. */
  public UUID startSession() {
    return mutate(SessionOperations.start());
  }

  /**
   * Ends the open session: logs its summary to history/sessions.jsonl and leaves no session open,
   * carrying every open task and the current task over; the next change starts the next session.
   */
  public SessionRecord endSession() {
    return mutate(SessionOperations.end());
  }

  // ---------------------------------------------------------------- the write protocol

  /**
   * A change under construction: the state it starts from and the stamps to put on it, among them
   * the revision it will commit as.
   */
  record Ctx(TrackerState state, Instant now, UUID sessionId, UUID runId, long revision) {
    AuditEntry audit(
        String type, @Nullable TaskStatus from, @Nullable TaskStatus to, @Nullable String detail) {
      return new AuditEntry(now, type, sessionId, runId, from, to, detail);
    }
  }

  /** What an operation produced: the next state, its events and archived tasks, the result. */
  record Step<R>(
      @Nullable TrackerState state, List<DomainEvent> events, List<Task> archived, R result) {
    static <R> Step<R> unchanged(R result) {
      return new Step<>(null, List.of(), List.of(), result);
    }
  }

  @FunctionalInterface
  interface Operation<R> {
    Step<R> apply(Ctx ctx);
  }

  <R> R mutate(Operation<R> operation) {
    if (!lock.writable()) {
      // Refused before anything is read or written: one clear reason, nothing else to report.
      throw new StoreException(
          StoreErrorCode.READ_ONLY, paths.tasksDir(), String.valueOf(lock.readOnlyReason()));
    }
    ensureLoaded();
    Committed<R> done = lock.call(() -> mutateLocked(operation));
    if (done.change() != null) {
      for (DomainEvent event : done.change().events()) {
        publisher.publishEvent(event);
      }
    }
    return done.result();
  }

  /** A finished operation: its result, and the change it committed (null when none). */
  private record Committed<R>(R result, @Nullable PendingChange change) {}

  private <R> Committed<R> mutateLocked(Operation<R> operation) {
    refreshLocked();
    TrackerState before = view.state();
    Instant now = clock.instant();
    boolean newSession = before.sessionId() == null;
    UUID sessionId = newSession ? UUID.randomUUID() : before.sessionId();
    Step<R> step =
        operation.apply(new Ctx(before, now, sessionId, run.runId(), before.revision() + 1));
    if (step.state() == null) {
      return new Committed<>(step.result(), null);
    }
    List<DomainEvent> events = new ArrayList<>(step.events());
    TrackerState after = step.state();
    if (newSession) {
      after = after.withSession(sessionId, now);
      events.add(0, new SessionStarted(sessionId));
    }
    PendingChange change = commit(before, after, events, step.archived(), false, true, now);
    return new Committed<>(step.result(), change);
  }

  /** Steps 3–5 of the protocol, under the lock: stamp, publish to be saved, swap. */
  private PendingChange commit(
      TrackerState before,
      TrackerState after,
      List<DomainEvent> events,
      List<Task> archived,
      boolean rewriteMemory,
      boolean registerRun,
      Instant now) {
    // Only changes a user made count as activity: recovery and a run's clean exit do not, so
    // "last change" in task resume stays the time of the last real change.
    TrackerState next =
        (registerRun ? after.withLastActivityAt(now) : after).withRevision(before.revision() + 1);
    if (registerRun) {
      RunInfo existing =
          next.runs().active().stream()
              .filter(r -> r.runId().equals(run.runId()))
              .findFirst()
              .orElse(null);
      RunInfo updated =
          existing == null
              ? run.info(now)
              : new RunInfo(
                  existing.runId(),
                  existing.pid(),
                  existing.processStart(),
                  existing.host(),
                  existing.mode(),
                  existing.startedAt(),
                  now);
      next = next.withRuns(next.runs().withActive(updated));
    }
    PendingChange change =
        new PendingChange(
            next.revision(),
            now,
            run.runId(),
            events,
            before,
            next,
            archived,
            rewriteMemory || memoryOutdated,
            new SaveReceipt());
    try {
      publisher.publishEvent(change);
      if (!change.receipt().confirmed()) {
        throw new IllegalStateException(
            "no AutoSaveListener saved revision " + next.revision() + "; nothing was acknowledged");
      }
    } catch (RuntimeException e) {
      reloadAfterFailedSave(before);
      if (e instanceof StoreException) {
        throw e;
      }
      throw new StoreException(
          StoreErrorCode.IO_ERROR,
          paths.journal(),
          "the change was not saved: " + e.getMessage(),
          e);
    }
    view = new View(next, journal.stamp(), FileStamp.of(paths.current()));
    memoryOutdated = false;
    return change;
  }

  private void reloadAfterFailedSave(TrackerState before) {
    try {
      StateLoader.Loaded loaded = loader.load();
      view = new View(loaded.state(), journal.stamp(), FileStamp.of(paths.current()));
      memoryOutdated = loaded.memoryOutdated();
    } catch (RuntimeException e) {
      // The disk is failing; keep the state as it was before the change, which is what the
      // rollback left on disk, and let the next change try again.
      view = new View(before, FileStamp.ABSENT, FileStamp.ABSENT);
      log.warn("Could not reload the store after a failed save: {}", e.getMessage());
    }
  }

  private boolean isStale(View v) {
    return !journal.stamp().equals(v.journal())
        || !FileStamp.of(paths.current()).equals(v.current());
  }

  private void refreshLocked() {
    if (isStale(view)) {
      reload();
    }
  }

  /**
   * Loads from disk (with recovery), notices runs that died without ending, and commits a recovery
   * change when anything needed repair. Returns what was repaired.
   */
  private List<String> reload() {
    StateLoader.Loaded loaded = loader.load();
    TrackerState state = loaded.state();
    view = new View(state, journal.stamp(), FileStamp.of(paths.current()));
    memoryOutdated = loaded.memoryOutdated();
    Instant now = clock.instant();
    List<String> actions = new ArrayList<>(loaded.actions());
    List<DomainEvent> events = new ArrayList<>();
    if (!loaded.actions().isEmpty()) {
      events.add(new StoreRecovered(loaded.actions()));
    }
    Runs runs = state.runs();
    for (RunInfo r : state.runs().active()) {
      if (!r.runId().equals(run.runId()) && !run.isAlive(r)) {
        runs =
            runs.ended(
                new RunOutcome(
                    r.runId(),
                    r.pid(),
                    r.mode(),
                    r.startedAt(),
                    now,
                    RunOutcome.CUT_OFF,
                    r.lastChangeAt()));
        events.add(new RunInterrupted(r.runId(), r.pid(), r.lastChangeAt()));
        actions.add(
            "run "
                + r.runId().toString().substring(0, 8)
                + " ("
                + r.mode()
                + ", pid "
                + r.pid()
                + ") was cut off"
                + (r.lastChangeAt() == null ? "" : "; its last change was at " + r.lastChangeAt()));
      }
    }
    if (actions.isEmpty() && !loaded.dirty()) {
      return List.of();
    }
    TrackerState after =
        state.withRuns(runs).withLastRecovery(new RecoveryNote(now, run.runId(), actions));
    commit(state, after, events, List.of(), loaded.memoryStale(), false, now);
    for (String action : actions) {
      log.info("Recovery: {}", action);
    }
    return List.copyOf(actions);
  }

  /**
   * The last step of {@code store repair}, under the store lock: load with recovery (from the files
   * the repair already mended), apply {@code fix} to the state, and commit one {@code
   * store_recovered} change with every action taken, so the journal, current.json, its backup and
   * memory.json are all written fresh. Returns what the load itself recovered.
   */
  List<String> commitRepair(
      java.util.function.UnaryOperator<TrackerState> fix, List<String> repairActions) {
    ensureLoaded();
    return lock.call(
        () -> {
          List<String> recovered = new ArrayList<>(startupRecovery);
          recovered.addAll(reload());
          TrackerState state = view.state();
          TrackerState fixed = fix.apply(state);
          Instant now = clock.instant();
          List<String> actions = new ArrayList<>(repairActions);
          actions.addAll(recovered);
          TrackerState after =
              fixed.withLastRecovery(new RecoveryNote(now, run.runId(), List.copyOf(actions)));
          commit(
              state,
              after,
              List.of(new StoreRecovered(List.copyOf(actions))),
              List.of(),
              true,
              false,
              now);
          return recovered;
        });
  }

  // ---------------------------------------------------------------- domain helpers

  /** {@link #openOrExplain(TrackerState, UUID, String)}, also at the version the caller expects. */
  private Task openOrExplain(TrackerState state, UUID id, String action, ExpectedVersion expected) {
    Task task = openOrExplain(state, id, action);
    expected.check(task);
    return task;
  }

  private Task openOrExplain(TrackerState state, UUID id, String action) {
    Task open = state.task(id);
    if (open != null) {
      return open;
    }
    Task archived =
        history
            .findLatest(id)
            .map(ArchivedTask::task)
            .orElseThrow(() -> new TaskNotFoundException(id.toString()));
    if (archived.status() == TaskStatus.FAILED) {
      throw new InvalidTransitionException(
          "cannot "
              + action
              + " "
              + describe(archived)
              + ": it failed; use 'task retry "
              + archived.shortId()
              + "' to try again");
    }
    throw new InvalidTransitionException(
        "cannot "
            + action
            + " "
            + describe(archived)
            + ": it is completed, and completed tasks cannot change");
  }

  private void requireKnown(TrackerState state, UUID id, String role) {
    if (state.task(id) == null && history.findLatest(id).isEmpty()) {
      throw new InvalidInputException(role, "no " + role + " task with id " + id);
    }
  }

  /** Dependencies that are not completed, described for a message. */
  private List<String> blockers(TrackerState state, Task task) {
    // Dependencies outside the open set are looked up in history in one pass, not one per edge;
    // tasks completed in this session are known from their summaries without reading history.
    Set<UUID> completedNow = new HashSet<>();
    state.completedTasks().forEach(c -> completedNow.add(c.id()));
    Set<UUID> archivedDeps = new LinkedHashSet<>();
    for (UUID dep : task.dependsOn()) {
      if (state.task(dep) == null && !completedNow.contains(dep)) {
        archivedDeps.add(dep);
      }
    }
    Map<UUID, ArchivedTask> archived =
        archivedDeps.isEmpty() ? Map.of() : history.findLatest(archivedDeps);
    List<String> blockers = new ArrayList<>();
    for (UUID dep : task.dependsOn()) {
      Task open = state.task(dep);
      if (open != null) {
        blockers.add(describe(open) + " (" + open.status() + ")");
      } else if (!completedNow.contains(dep)) {
        ArchivedTask record = archived.get(dep);
        if (record == null) {
          blockers.add(dep + " (unknown)");
        } else if (record.task().status() != TaskStatus.COMPLETED) {
          blockers.add(describe(record.task()) + " (" + record.task().status() + ")");
        }
      }
    }
    return blockers;
  }

  private static List<String> openChildren(TrackerState state, UUID id) {
    List<String> children = new ArrayList<>();
    for (Task t : state.tasks().values()) {
      if (id.equals(t.parentId())) {
        children.add(describe(t));
      }
    }
    return children;
  }

  /** Moves the focus to {@code to} (or none), stamping both tasks' trails. */
  private static TrackerState focus(
      Ctx ctx, TrackerState state, @Nullable UUID to, String cause, List<DomainEvent> events) {
    UUID from = state.currentTaskId();
    if (java.util.Objects.equals(from, to)) {
      return state;
    }
    TrackerState next = state;
    Task old = from == null ? null : next.task(from);
    if (old != null) {
      next =
          next.withTask(old.toBuilder().touch(ctx.audit("unfocused", null, null, cause)).build());
    }
    Task target = to == null ? null : next.task(to);
    if (target != null) {
      next =
          next.withTask(target.toBuilder().touch(ctx.audit("focused", null, null, cause)).build());
    }
    events.add(new ScopeChanged(from, to, cause));
    return next.withCurrentTaskId(to);
  }

  /** When the finished task was the current one, the focus returns to its open parent or none. */
  private static TrackerState leaveScope(
      Ctx ctx, TrackerState state, Task finished, String cause, List<DomainEvent> events) {
    if (!finished.id().equals(ctx.state().currentTaskId())) {
      return state;
    }
    UUID parent = finished.parentId();
    UUID to = parent != null && state.task(parent) != null ? parent : null;
    TrackerState next = state;
    Task target = to == null ? null : next.task(to);
    if (target != null) {
      next =
          next.withTask(target.toBuilder().touch(ctx.audit("focused", null, null, cause)).build());
    }
    events.add(new ScopeChanged(finished.id(), to, cause));
    return next.withCurrentTaskId(to);
  }

  private static long activeSeconds(Task task, Instant now) {
    if (task.status() != TaskStatus.IN_PROGRESS || task.startedAt() == null) {
      return 0;
    }
    return Math.max(0, Duration.between(task.startedAt(), now).toSeconds());
  }

  static String describe(Task t) {
    return "task " + t.shortId() + " '" + t.name() + "'";
  }
}
