package dev.autodev.tracker;

import dev.autodev.store.ChecksummedDocument;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shape of memory.json, the memory as of {@code revision} for people and tools to read, with
 * the checksum of the whole file ({@link dev.autodev.store.ChecksummedDocument}; absent in version
 * 1 files). current.json and the journal are the authority; this file is rewritten from them when
 * it differs.
 */
record MemoryFile(
    int schemaVersion,
    @Nullable String checksum,
    long revision,
    @Nullable String projectType,
    List<MemoryEntry> keyDecisions,
    List<MemoryEntry> learnedPatterns,
    Map<String, String> facts) {

  /** 2: the file carries a checksum. Version 1 files are still read, and rewritten as 2. */
  static final int SCHEMA_VERSION = 2;

  static MemoryFile of(Memory m, long revision) {
    return new MemoryFile(
        SCHEMA_VERSION,
        ChecksummedDocument.PLACEHOLDER,
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
