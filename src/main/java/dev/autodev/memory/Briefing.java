package dev.autodev.memory;

import dev.autodev.session.ResumeReport;
import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.FailedSummary;
import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The content of a context export: a header that is always kept, and items in a fixed order of
 * relevance — the current task and its context, the other tasks in progress, what is ready next,
 * key decisions, learned patterns, facts, the other open tasks, this session's outcomes. {@link
 * #fit} keeps the longest run of items from the front that fits the budget, whole, and says what it
 * left out, so the most relevant part of a large memory is what an agent gets.
 */
record Briefing(Header header, List<Item> items) {

  /** What the briefing says about the session; never trimmed. */
  record Header(
      Instant generatedAt,
      @Nullable String projectType,
      @Nullable UUID sessionId,
      boolean sessionOpen,
      @Nullable Instant sessionStartedAt,
      @Nullable Long idleSeconds,
      @Nullable RunOutcome lastRun) {}

  /**
   * The parts of a briefing, in relevance order; items of one part are contiguous. Each names the
   * JSON field its items go to and how a left-out count of it reads.
   */
  enum Part {
    CURRENT_TASK("current_task", "current task", "current task"),
    CURRENT_DECISIONS("current_task.decisions", "task decision", "task decisions"),
    CURRENT_KEY_DECISIONS(
        "current_task.key_decisions", "key decision on the task", "key decisions on the task"),
    CURRENT_FILES("current_task.files_modified", "task file", "task files"),
    CURRENT_NOTES("current_task.notes", "task note", "task notes"),
    IN_PROGRESS("in_progress", "in-progress task", "in-progress tasks"),
    READY("ready", "ready task", "ready tasks"),
    KEY_DECISIONS("key_decisions", "key decision", "key decisions"),
    LEARNED_PATTERNS("learned_patterns", "learned pattern", "learned patterns"),
    FACTS("facts", "fact", "facts"),
    OTHER_OPEN("other_open_tasks", "other open task", "other open tasks"),
    DONE("done_this_session", "session outcome", "session outcomes");

    private final String field;
    private final String one;
    private final String many;

    Part(String field, String one, String many) {
      this.field = field;
      this.one = one;
      this.many = many;
    }

    String field() {
      return field;
    }

    /** How {@code n} left-out items of this part read. */
    String count(int n) {
      return n + " " + (n == 1 ? one : many);
    }

    /** Parts of the current task share one section. */
    boolean ofCurrentTask() {
      return field.startsWith("current_task");
    }
  }

  /**
   * One piece of the briefing, kept or left out whole.
   *
   * @param value what it contributes to the JSON form: a map, a string, or a fact's value
   * @param key the fact's key, for facts only
   */
  record Item(Part part, @Nullable String key, Object value) {}

  /** How a briefing is written out; {@link Briefing#fit} uses it to measure. */
  interface Format {
    /** At least the characters this item adds after an item of {@code previous} (null: none). */
    int cost(Item item, @Nullable Part previous);

    /** The output with these items and these counts of what was left out. */
    String render(Briefing briefing, List<Item> kept, Map<Part, Integer> omitted);
  }

  /** Longest single note or decision the briefing keeps whole; longer ones are cut with "…". */
  static final int TEXT_MAX = 2_000;

  /** Longest description of the current task the briefing keeps. */
  static final int DESCRIPTION_MAX = 300;

  static Briefing of(ResumeReport r, Memory memory, Instant now) {
    Header header =
        new Header(
            now,
            memory.projectType(),
            r.sessionId(),
            r.sessionOpen(),
            r.sessionStartedAt(),
            r.idleSeconds(),
            r.lastRun());
    List<Item> items = new ArrayList<>();
    Task current = r.currentTask();
    Set<UUID> shownDecisions = new HashSet<>();
    if (current != null) {
      items.add(new Item(Part.CURRENT_TASK, null, core(current, r.scope())));
      for (String d : newestFirst(current.context().decisions())) {
        items.add(new Item(Part.CURRENT_DECISIONS, null, d));
      }
      for (MemoryEntry e : newestFirst(memory.keyDecisions())) {
        if (current.id().equals(e.taskId())) {
          shownDecisions.add(e.id());
          items.add(new Item(Part.CURRENT_KEY_DECISIONS, null, entry(e)));
        }
      }
      for (String f : current.context().filesModified()) {
        items.add(new Item(Part.CURRENT_FILES, null, f));
      }
      for (String n : newestFirst(current.context().notes())) {
        items.add(new Item(Part.CURRENT_NOTES, null, n));
      }
    }
    for (Task t : r.inProgress()) {
      items.add(new Item(Part.IN_PROGRESS, null, task(t, null)));
    }
    for (ReadyTasks.Entry e : r.ready()) {
      items.add(new Item(Part.READY, null, task(e.task(), null)));
    }
    for (MemoryEntry e : newestFirst(memory.keyDecisions())) {
      if (!shownDecisions.contains(e.id())) {
        items.add(new Item(Part.KEY_DECISIONS, null, entry(e)));
      }
    }
    for (MemoryEntry e : newestFirst(memory.learnedPatterns())) {
      items.add(new Item(Part.LEARNED_PATTERNS, null, entry(e)));
    }
    for (Map.Entry<String, String> f : memory.facts().entrySet()) {
      items.add(new Item(Part.FACTS, f.getKey(), f.getValue()));
    }
    for (BlockedTasks.Entry e : r.blocked()) {
      List<String> waits = e.blockedBy().stream().map(TaskRef::describe).toList();
      items.add(new Item(Part.OTHER_OPEN, null, task(e.task(), waits)));
    }
    for (CompletedSummary c : r.completedThisSession()) {
      items.add(new Item(Part.DONE, null, outcome(c.id(), c.name(), "completed", null)));
    }
    for (FailedSummary f : r.failedThisSession()) {
      items.add(new Item(Part.DONE, null, outcome(f.id(), f.name(), "failed", f.reason())));
    }
    return new Briefing(header, List.copyOf(items));
  }

  /**
   * The output with the longest prefix of items that fits {@code maxChars}. A candidate's length is
   * estimated as the frame (header, empty sections, the note on what was left out — rendered, so
   * exact) plus the format's upper-bound cost of each item; the final render is measured and, if an
   * estimate was off, shortened until it fits.
   */
  String fit(Format format, int maxChars) {
    Map<Part, Integer> left = counts(items);
    int best = 0;
    long running = 0;
    for (int k = 1; k <= items.size(); k++) {
      Item item = items.get(k - 1);
      running += format.cost(item, k == 1 ? null : items.get(k - 2).part());
      if (running > maxChars) {
        break;
      }
      left.merge(item.part(), -1, (a, b) -> a + b == 0 ? null : a + b);
      if (running + format.render(this, List.of(), left).length() <= maxChars) {
        best = k;
      }
    }
    while (true) {
      String out =
          format.render(this, items.subList(0, best), counts(items.subList(best, items.size())));
      if (out.length() <= maxChars || best == 0) {
        return out;
      }
      best--;
    }
  }

  static boolean sameSection(Part a, Part b) {
    return a == b || (a.ofCurrentTask() && b.ofCurrentTask());
  }

  /** How many items of each part, in part order, zero counts left out. */
  static Map<Part, Integer> counts(List<Item> items) {
    Map<Part, Integer> counts = new EnumMap<>(Part.class);
    for (Item i : items) {
      counts.merge(i.part(), 1, Integer::sum);
    }
    return counts;
  }

  private static Map<String, Object> core(Task t, List<TaskRef> scope) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("status", t.status().wire());
    m.put("priority", t.priority().wire());
    if (t.startedAt() != null) {
      m.put("started_at", t.startedAt().toString());
    }
    if (t.description() != null) {
      m.put("description", cut(t.description(), DESCRIPTION_MAX));
    }
    List<TaskRef> above = scope.stream().filter(p -> !p.id().equals(t.id())).toList();
    if (!above.isEmpty()) {
      List<Map<String, Object>> under = new ArrayList<>();
      for (TaskRef p : above) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", p.id().toString());
        ref.put("name", String.valueOf(p.name()));
        under.add(ref);
      }
      m.put("under", under);
    }
    return m;
  }

  private static Map<String, Object> task(Task t, @Nullable List<String> waitsFor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("status", t.status().wire());
    m.put("priority", t.priority().wire());
    if (t.startedAt() != null) {
      m.put("started_at", t.startedAt().toString());
    }
    if (waitsFor != null) {
      m.put("waits_for", waitsFor);
    }
    return m;
  }

  private static Map<String, Object> entry(MemoryEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id().toString());
    m.put("text", cut(e.text(), TEXT_MAX));
    m.put("at", e.at().toString());
    if (e.taskId() != null) {
      m.put("task_id", e.taskId().toString());
    }
    if (!e.tags().isEmpty()) {
      m.put("tags", e.tags());
    }
    return m;
  }

  private static Map<String, Object> outcome(
      UUID id, String name, String outcome, @Nullable String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id.toString());
    m.put("name", name);
    m.put("outcome", outcome);
    if (reason != null) {
      m.put("reason", reason);
    }
    return m;
  }

  private static <T> List<T> newestFirst(List<T> list) {
    List<T> out = new ArrayList<>(list.size());
    for (int i = list.size() - 1; i >= 0; i--) {
      out.add(list.get(i));
    }
    return out;
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
