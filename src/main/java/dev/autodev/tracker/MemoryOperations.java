package dev.autodev.tracker;

import dev.autodev.tracker.DomainEvent.DecisionRecorded;
import dev.autodev.tracker.DomainEvent.FactRemoved;
import dev.autodev.tracker.DomainEvent.FactSet;
import dev.autodev.tracker.DomainEvent.MemoryEntryForgotten;
import dev.autodev.tracker.DomainEvent.PatternLearned;
import dev.autodev.tracker.DomainEvent.ProjectTypeSet;
import dev.autodev.tracker.TaskTracker.Ctx;
import dev.autodev.tracker.TaskTracker.Operation;
import dev.autodev.tracker.TaskTracker.Step;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The memory's changes as tracker operations. Input is checked when the operation is built, before
 * the store lock is taken; the operation itself decides against the state it is applied to. Setting
 * what is already set, or recording a decision or pattern that is already there word for word (a
 * retried request, say), changes nothing and is not journaled.
 */
final class MemoryOperations {

  private MemoryOperations() {}

  static Operation<String> setProjectType(@Nullable String value) {
    String type = MemoryInput.projectType(value);
    return ctx -> {
      Memory m = ctx.state().memory();
      if (type.equals(m.projectType())) {
        return Step.unchanged(type);
      }
      return changed(ctx, m.withProjectType(type), new ProjectTypeSet(type), type);
    };
  }

  static Operation<String> setFact(@Nullable String key, @Nullable String value) {
    String k = MemoryInput.key(key);
    String v = MemoryInput.value(value);
    return ctx -> {
      Memory m = ctx.state().memory();
      if (v.equals(m.facts().get(k))) {
        return Step.unchanged(v);
      }
      if (!m.facts().containsKey(k) && m.facts().size() >= MemoryInput.FACTS_MAX) {
        throw new MemoryFullException(
            "the memory holds "
                + MemoryInput.FACTS_MAX
                + " facts, the limit; remove one with 'memory unset KEY' first");
      }
      return changed(ctx, m.withFact(k, v), new FactSet(k, v), v);
    };
  }

  /** Removes a fact; returns the value it had. */
  static Operation<String> unsetFact(@Nullable String key) {
    String k = MemoryInput.key(key);
    return ctx -> {
      Memory m = ctx.state().memory();
      String old = m.facts().get(k);
      if (old == null) {
        throw new MemoryNotFoundException(noFact(k));
      }
      return changed(ctx, m.withoutFact(k), new FactRemoved(k), old);
    };
  }

  /** Records a key decision or a learned pattern, about a task (open or archived) if given. */
  static Operation<MemoryEntry> record(
      MemoryKind kind,
      @Nullable String text,
      @Nullable UUID taskId,
      List<String> tags,
      HistoryArchive history) {
    String t = MemoryInput.text(text);
    List<String> tagList = TaskInput.tags(tags);
    return ctx -> {
      if (taskId != null
          && ctx.state().task(taskId) == null
          && history.findLatest(taskId).isEmpty()) {
        throw new TaskNotFoundException(taskId.toString());
      }
      Memory m = ctx.state().memory();
      List<MemoryEntry> list = m.entries(kind);
      for (MemoryEntry e : list) {
        if (e.text().equals(t) && Objects.equals(e.taskId(), taskId) && e.tags().equals(tagList)) {
          return Step.unchanged(e);
        }
      }
      if (list.size() >= MemoryInput.ENTRIES_MAX) {
        throw new MemoryFullException(
            "the memory holds "
                + MemoryInput.ENTRIES_MAX
                + (kind == MemoryKind.DECISION ? " key decisions" : " learned patterns")
                + ", the limit; forget some with 'memory forget ID' first");
      }
      MemoryEntry entry =
          new MemoryEntry(UUID.randomUUID(), t, ctx.now(), ctx.sessionId(), taskId, tagList);
      DomainEvent event =
          kind == MemoryKind.DECISION
              ? new DecisionRecorded(entry.id(), taskId, t)
              : new PatternLearned(entry.id(), tagList, t);
      return changed(ctx, m.withEntry(kind, entry), event, entry);
    };
  }

  /** Removes a decision or pattern; returns it with its kind. */
  static Operation<MemoryItem> forget(UUID id) {
    return ctx -> {
      Memory m = ctx.state().memory();
      MemoryItem item = m.find(id).orElseThrow(() -> notFound(id.toString()));
      return changed(ctx, m.withoutEntry(id), new MemoryEntryForgotten(id, item.kind()), item);
    };
  }

  /** The id of the decision or pattern a full id or unique prefix of 4+ characters names. */
  static UUID resolve(Memory memory, @Nullable String idOrPrefix) {
    String v = MemoryInput.entryIdOrPrefix(idOrPrefix);
    Set<UUID> matches = new LinkedHashSet<>();
    for (MemoryKind kind : MemoryKind.values()) {
      for (MemoryEntry e : memory.entries(kind)) {
        if (e.id().toString().startsWith(v)) {
          matches.add(e.id());
        }
      }
    }
    if (matches.isEmpty()) {
      throw notFound(v);
    }
    if (matches.size() > 1) {
      throw new InvalidInputException(
          "id",
          "id prefix '"
              + v
              + "' matches "
              + matches.size()
              + " memory entries ("
              + matches.stream().limit(5).map(UUID::toString).collect(Collectors.joining(", "))
              + "); give more characters");
    }
    return matches.iterator().next();
  }

  static String noFact(String key) {
    return "no fact '" + key + "' in the memory";
  }

  private static MemoryNotFoundException notFound(String id) {
    return new MemoryNotFoundException("no decision or pattern with id '" + id + "'");
  }

  private static <R> Step<R> changed(Ctx ctx, Memory next, DomainEvent event, R result) {
    return new Step<>(ctx.state().withMemory(next), List.of(event), List.of(), result);
  }
}
