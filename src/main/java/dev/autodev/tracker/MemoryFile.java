package dev.autodev.tracker;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The shape of memory.json, the authority for the memory that current.json mirrors. */
record MemoryFile(
    int schemaVersion,
    long revision,
    @Nullable String projectType,
    List<MemoryEntry> keyDecisions,
    List<MemoryEntry> learnedPatterns,
    Map<String, String> facts) {

  static final int SCHEMA_VERSION = 1;

  static MemoryFile of(Memory m, long revision) {
    return new MemoryFile(
        SCHEMA_VERSION,
        revision,
        m.projectType(),
        m.keyDecisions(),
        m.learnedPatterns(),
        m.facts());
  }

  Memory toMemory() {
    return new Memory(projectType, keyDecisions, learnedPatterns, facts);
  }
}
