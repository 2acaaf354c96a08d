package dev.autodev.session;

import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The part of the memory that belongs on the resume screen: the project type, how much is stored,
 * and the latest decisions and patterns, newest first. {@code memory show} and {@code memory
 * export} give the rest.
 */
public record MemoryDigest(
    @Nullable String projectType,
    int decisionCount,
    int patternCount,
    int factCount,
    List<MemoryEntry> latestDecisions,
    List<MemoryEntry> latestPatterns) {

  /** How many of the newest decisions and patterns the digest shows. */
  public static final int LATEST = 5;

  static MemoryDigest of(Memory m) {
    return new MemoryDigest(
        m.projectType(),
        m.keyDecisions().size(),
        m.learnedPatterns().size(),
        m.facts().size(),
        newestFirst(m.keyDecisions(), LATEST),
        newestFirst(m.learnedPatterns(), LATEST));
  }

  /** Entries are kept in the order they were recorded, so the newest are at the end. */
  static List<MemoryEntry> newestFirst(List<MemoryEntry> entries, int limit) {
    List<MemoryEntry> newest = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(entries.get(i));
    }
    return List.copyOf(newest);
  }
}
