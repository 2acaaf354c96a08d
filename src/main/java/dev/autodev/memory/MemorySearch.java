package dev.autodev.memory;

import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.MemoryInput;
import dev.autodev.tracker.MemoryKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Searches the memory: an item matches when every word of the query appears in it (text, tags, fact
 * key and value), ignoring case. Items containing the whole query as typed come first, then
 * decisions, patterns, facts and the project type, newest entries first within each. The memory is
 * bounded ({@link MemoryInput}), so a scan is enough.
 */
final class MemorySearch {

  static final int DEFAULT_LIMIT = 50;
  static final int LIMIT_MAX = 1000;

  private MemorySearch() {}

  static SearchResult search(Memory memory, String query, int limit) {
    String q = MemoryInput.query(query);
    if (limit < 1 || limit > LIMIT_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + LIMIT_MAX);
    }
    String phrase = q.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    List<String> words = Arrays.asList(phrase.split(" "));
    List<Scored> found = new ArrayList<>();
    int order = 0;
    for (MemoryKind kind : MemoryKind.values()) {
      List<MemoryEntry> entries = memory.entries(kind);
      for (int i = entries.size() - 1; i >= 0; i--) {
        MemoryEntry e = entries.get(i);
        MemoryHit hit =
            new MemoryHit(kind.wire(), e.id(), null, e.text(), e.at(), e.taskId(), e.tags());
        match(found, hit, e.text() + " " + String.join(" ", e.tags()), phrase, words, order++);
      }
    }
    for (Map.Entry<String, String> f : memory.facts().entrySet()) {
      MemoryHit hit = new MemoryHit("fact", null, f.getKey(), f.getValue(), null, null, List.of());
      match(found, hit, f.getKey() + " " + f.getValue(), phrase, words, order++);
    }
    if (memory.projectType() != null) {
      MemoryHit hit =
          new MemoryHit("project_type", null, null, memory.projectType(), null, null, List.of());
      match(found, hit, memory.projectType(), phrase, words, order);
    }
    found.sort(Comparator.comparing(Scored::phrase).reversed().thenComparing(Scored::order));
    List<MemoryHit> hits = found.stream().limit(limit).map(Scored::hit).toList();
    return new SearchResult(q, hits, hits.size());
  }

  private static void match(
      List<Scored> found,
      MemoryHit hit,
      String haystack,
      String phrase,
      List<String> words,
      int order) {
    String text = haystack.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (words.stream().allMatch(text::contains)) {
      found.add(new Scored(hit, text.contains(phrase), order));
    }
  }

  private record Scored(MemoryHit hit, boolean phrase, int order) {}
}
