package dev.autodev.memory;

import java.util.List;

/** What {@code memory search --json} and GET /api/memory/search return. */
record SearchResult(String query, List<MemoryHit> hits, int count) {}
