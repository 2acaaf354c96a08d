package dev.autodev.tracker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The project's memory: what kind of project it is, key decisions, learned patterns and free facts.
 * Kept in memory.json (the authority) and mirrored into current.json.
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
    facts =
        facts == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
