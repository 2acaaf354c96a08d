package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The redo record of a memory change, so a journal line carries what changed (one decision, one
 * fact) rather than the whole memory, which would make the journal grow with the square of the
 * memory's size. Built only when replaying it provably gives the new memory ({@link #between});
 * otherwise the journal carries the whole memory, so replay stays exact either way.
 *
 * @param projectType the new project type, when it was set
 * @param projectTypeCleared the project type was removed
 * @param factsSet facts added or changed, in the order they appear afterwards
 * @param factsRemoved keys of facts removed
 * @param decisionsAdded key decisions appended
 * @param patternsAdded learned patterns appended
 * @param removed ids of decisions or patterns forgotten
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MemoryDelta(
    @Nullable String projectType,
    boolean projectTypeCleared,
    Map<String, String> factsSet,
    List<String> factsRemoved,
    List<MemoryEntry> decisionsAdded,
    List<MemoryEntry> patternsAdded,
    List<UUID> removed) {

  public MemoryDelta {
    factsSet =
        factsSet == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(factsSet));
    factsRemoved = factsRemoved == null ? List.of() : List.copyOf(factsRemoved);
    decisionsAdded = decisionsAdded == null ? List.of() : List.copyOf(decisionsAdded);
    patternsAdded = patternsAdded == null ? List.of() : List.copyOf(patternsAdded);
    removed = removed == null ? List.of() : List.copyOf(removed);
  }

  /**
   * The delta from {@code before} to {@code after}, or null when no delta reproduces {@code after}
   * exactly (an entry edited in place, facts reordered): then the caller journals the whole memory.
   */
  public static @Nullable MemoryDelta between(Memory before, Memory after) {
    boolean typeChanged = !Objects.equals(before.projectType(), after.projectType());
    Map<String, String> set = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : after.facts().entrySet()) {
      if (!f.getValue().equals(before.facts().get(f.getKey()))) {
        set.put(f.getKey(), f.getValue());
      }
    }
    List<String> unset = new ArrayList<>();
    for (String key : before.facts().keySet()) {
      if (!after.facts().containsKey(key)) {
        unset.add(key);
      }
    }
    List<UUID> removed = new ArrayList<>();
    removed.addAll(missing(before.keyDecisions(), after.keyDecisions()));
    removed.addAll(missing(before.learnedPatterns(), after.learnedPatterns()));
    MemoryDelta delta =
        new MemoryDelta(
            typeChanged ? after.projectType() : null,
            typeChanged && after.projectType() == null,
            set,
            unset,
            added(before.keyDecisions(), after.keyDecisions()),
            added(before.learnedPatterns(), after.learnedPatterns()),
            removed);
    Memory replayed = delta.applyTo(before);
    // Map equality ignores order, and the order of facts is part of the memory as users see it.
    boolean exact =
        replayed.equals(after)
            && List.copyOf(replayed.facts().keySet()).equals(List.copyOf(after.facts().keySet()));
    return exact ? delta : null;
  }

  /** The memory after this change, given the memory before it. */
  public Memory applyTo(Memory m) {
    String type = projectTypeCleared ? null : projectType != null ? projectType : m.projectType();
    Map<String, String> facts = new LinkedHashMap<>(m.facts());
    factsRemoved.forEach(facts::remove);
    facts.putAll(factsSet);
    Set<UUID> gone = new HashSet<>(removed);
    List<MemoryEntry> decisions = new ArrayList<>();
    m.keyDecisions().stream().filter(e -> !gone.contains(e.id())).forEach(decisions::add);
    decisions.addAll(decisionsAdded);
    List<MemoryEntry> patterns = new ArrayList<>();
    m.learnedPatterns().stream().filter(e -> !gone.contains(e.id())).forEach(patterns::add);
    patterns.addAll(patternsAdded);
    return new Memory(type, decisions, patterns, facts);
  }

  private static List<UUID> missing(List<MemoryEntry> before, List<MemoryEntry> after) {
    Set<UUID> kept = new HashSet<>();
    after.forEach(e -> kept.add(e.id()));
    return before.stream().map(MemoryEntry::id).filter(id -> !kept.contains(id)).toList();
  }

  private static List<MemoryEntry> added(List<MemoryEntry> before, List<MemoryEntry> after) {
    Set<UUID> known = new HashSet<>();
    before.forEach(e -> known.add(e.id()));
    return after.stream().filter(e -> !known.contains(e.id())).toList();
  }
}
