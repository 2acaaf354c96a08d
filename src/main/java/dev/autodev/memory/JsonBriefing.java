package dev.autodev.memory;

import dev.autodev.memory.Briefing.Item;
import dev.autodev.memory.Briefing.Part;
import dev.autodev.tracker.RunOutcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The briefing as one compact JSON document, for an agent that loads it as data. Every section is
 * present (empty when nothing of it fits); {@code omitted} counts what was left out, by field, and
 * {@code complete} says whether anything was. An item costs its compact JSON plus a comma.
 */
final class JsonBriefing implements Briefing.Format {

  private static final String CURRENT_KEY = "\"current_task\":";

  private final JsonMapper json;
  private final int maxChars;

  JsonBriefing(JsonMapper json, int maxChars) {
    this.json = json;
    this.maxChars = maxChars;
  }

  @Override
  public int cost(Item item, @Nullable Part previous) {
    if (item.part() == Part.CURRENT_TASK) {
      return CURRENT_KEY.length() + json.writeValueAsString(current(item)).length() + 1;
    }
    if (item.part() == Part.FACTS) {
      return json.writeValueAsString(item.key()).length()
          + 1
          + json.writeValueAsString(item.value()).length()
          + 1;
    }
    return json.writeValueAsString(item.value()).length() + 1;
  }

  @Override
  public String render(Briefing briefing, List<Item> kept, Map<Part, Integer> omitted) {
    Briefing.Header h = briefing.header();
    Map<String, Object> current = null;
    Map<Part, List<Object>> lists = new EnumMap<>(Part.class);
    Map<String, Object> facts = new LinkedHashMap<>();
    for (Item item : kept) {
      switch (item.part()) {
        case CURRENT_TASK -> current = current(item);
        case FACTS -> facts.put(String.valueOf(item.key()), item.value());
        default -> lists.computeIfAbsent(item.part(), p -> new ArrayList<>()).add(item.value());
      }
    }
    if (current != null) {
      for (Part p :
          List.of(
              Part.CURRENT_DECISIONS,
              Part.CURRENT_KEY_DECISIONS,
              Part.CURRENT_FILES,
              Part.CURRENT_NOTES)) {
        current.put(subfield(p), lists.getOrDefault(p, List.of()));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("generated_at", h.generatedAt().toString());
    doc.put("max_chars", maxChars);
    if (h.projectType() != null) {
      doc.put("project_type", h.projectType());
    }
    doc.put("session", session(h));
    if (current != null) {
      doc.put("current_task", current);
    }
    for (Part p :
        List.of(
            Part.IN_PROGRESS,
            Part.READY,
            Part.KEY_DECISIONS,
            Part.LEARNED_PATTERNS,
            Part.FACTS,
            Part.OTHER_OPEN,
            Part.DONE)) {
      doc.put(p.field(), p == Part.FACTS ? facts : lists.getOrDefault(p, List.of()));
    }
    Map<String, Integer> left = new LinkedHashMap<>();
    omitted.forEach((p, n) -> left.put(p.field(), n));
    doc.put("omitted", left);
    doc.put("complete", omitted.isEmpty());
    return json.writeValueAsString(doc) + "\n";
  }

  /** The current task's core with its (still empty) context lists, in the order they fill. */
  private static Map<String, Object> current(Item item) {
    Map<String, Object> m = new LinkedHashMap<>();
    ((Map<?, ?>) item.value()).forEach((k, v) -> m.put(String.valueOf(k), v));
    for (Part p :
        List.of(
            Part.CURRENT_DECISIONS,
            Part.CURRENT_KEY_DECISIONS,
            Part.CURRENT_FILES,
            Part.CURRENT_NOTES)) {
      m.put(subfield(p), List.of());
    }
    return m;
  }

  private static String subfield(Part p) {
    return p.field().substring(p.field().indexOf('.') + 1);
  }

  private static Map<String, Object> session(Briefing.Header h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (h.sessionId() != null) {
      m.put("session_id", h.sessionId().toString());
    }
    m.put("open", h.sessionOpen());
    if (h.sessionStartedAt() != null) {
      m.put("started_at", h.sessionStartedAt().toString());
    }
    if (h.idleSeconds() != null) {
      m.put("idle_seconds", h.idleSeconds());
    }
    RunOutcome run = h.lastRun();
    if (run != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("outcome", run.outcome());
      r.put("mode", run.mode());
      r.put("pid", run.pid());
      r.put("ended_at", run.endedAt().toString());
      m.put("last_run", r);
    }
    return m;
  }
}
