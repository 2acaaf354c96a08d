package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The project's memory: what kind of project it is, key decisions, learned patterns and free facts.
 * Kept in memory.json (the authority) and mirrored into current.json. Immutable: each change makes
 * a new value, facts keep the order they were first set in, entries the order they were recorded.
 */
public record Memory(
    @Nullable String projectType,
    List<MemoryEntry> keyDecisions,
    List<MemoryEntry> learnedPatterns,
    Map<String, String> facts) {

  public static final Memory EMPTY = new Memory(null, List.of(), List.of(), Map.of());

  public Memory {
    keyDecisions = keyDecisions == null ? List.of() : List.copyOf(keyDecisions);
    learnedPatterns = learnedPatterns == null ? List.of() : List.copyOf(learnedPatterns);
    facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /** The entries of one kind. */
  public List<MemoryEntry> entries(MemoryKind kind) {
    return kind == MemoryKind.DECISION ? keyDecisions : learnedPatterns;
  }

  /** The decision or pattern with this id. */
  public Optional<MemoryItem> find(UUID id) {
    for (MemoryKind kind : MemoryKind.values()) {
      for (MemoryEntry e : entries(kind)) {
        if (e.id().equals(id)) {
          return Optional.of(new MemoryItem(kind, e));
        }
      }
    }
    return Optional.empty();
  }

  public Memory withProjectType(@Nullable String value) {
    return new Memory(value, keyDecisions, learnedPatterns, facts);
  }

  /** Sets a fact; a key already set keeps its place. */
  public Memory withFact(String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(facts);
    next.put(key, value);
    return new Memory(projectType, keyDecisions, learnedPatterns, next);
  }

  public Memory withoutFact(String key) {
    Map<String, String> next = new LinkedHashMap<>(facts);
    next.remove(key);
    return new Memory(projectType, keyDecisions, learnedPatterns, next);
  }

  /** Appends an entry to the list of its kind. */
  public Memory withEntry(MemoryKind kind, MemoryEntry entry) {
    List<MemoryEntry> next = new ArrayList<>(entries(kind));
    next.add(entry);
    return kind == MemoryKind.DECISION
        ? new Memory(projectType, next, learnedPatterns, facts)
        : new Memory(projectType, keyDecisions, next, facts);
  }

  /** Drops the decision or pattern with this id, wherever it is. */
  public Memory withoutEntry(UUID id) {
    return new Memory(
        projectType,
        keyDecisions.stream().filter(e -> !e.id().equals(id)).toList(),
        learnedPatterns.stream().filter(e -> !e.id().equals(id)).toList(),
        facts);
  }
}
