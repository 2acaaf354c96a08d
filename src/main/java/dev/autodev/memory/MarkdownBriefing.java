package dev.autodev.memory;

import dev.autodev.memory.Briefing.Item;
import dev.autodev.memory.Briefing.Part;
import dev.autodev.task.TaskText;
import dev.autodev.tracker.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The briefing as Markdown, to paste into a prompt: a short header, one section per part, one line
 * per item (long texts on one line), and a closing note on what was left out to fit the budget.
 * Every piece is rendered on its own, so an item's cost is exactly its length.
 */
final class MarkdownBriefing implements Briefing.Format {

  private final int maxChars;

  MarkdownBriefing(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public int cost(Item item, @Nullable Part previous) {
    boolean opens = previous == null || !Briefing.sameSection(previous, item.part());
    return line(item).length() + (opens ? heading(item.part()).length() : 0);
  }

  @Override
  public String render(Briefing briefing, List<Item> kept, Map<Part, Integer> omitted) {
    StringBuilder out = new StringBuilder(header(briefing.header()));
    Part previous = null;
    for (Item item : kept) {
      if (previous == null || !Briefing.sameSection(previous, item.part())) {
        out.append(heading(item.part()));
      }
      out.append(line(item));
      previous = item.part();
    }
    if (!omitted.isEmpty()) {
      List<String> parts = new ArrayList<>();
      omitted.forEach((part, n) -> parts.add(part.count(n)));
      out.append("\n_Left out to fit ")
          .append(maxChars)
          .append(" characters: ")
          .append(String.join(", ", parts))
          .append(". A larger --max-chars shows more._\n");
    }
    return out.toString();
  }

  private static String header(Briefing.Header h) {
    StringBuilder out = new StringBuilder("# Briefing");
    if (h.projectType() != null) {
      out.append(": ").append(oneLine(h.projectType()));
    }
    out.append('\n');
    if (h.sessionOpen()) {
      out.append("Session `")
          .append(h.sessionId().toString(), 0, 8)
          .append("` open since ")
          .append(h.sessionStartedAt());
    } else {
      out.append("No session open");
    }
    if (h.idleSeconds() != null) {
      out.append(", last change ").append(TaskText.duration(h.idleSeconds())).append(" ago");
    }
    out.append('.');
    RunOutcome run = h.lastRun();
    if (run != null) {
      out.append(" Last run ")
          .append(
              RunOutcome.CUT_OFF.equals(run.outcome())
                  ? "was cut off (" + run.mode() + ", pid " + run.pid() + ")"
                  : "ended cleanly")
          .append('.');
    }
    out.append(" Generated ").append(h.generatedAt()).append(", most relevant first.\n");
    return out.toString();
  }

  private static String heading(Part part) {
    String title =
        switch (part) {
          case CURRENT_TASK,
              CURRENT_DECISIONS,
              CURRENT_KEY_DECISIONS,
              CURRENT_FILES,
              CURRENT_NOTES ->
              "Current task";
          case IN_PROGRESS -> "Also in progress";
          case READY -> "Ready next";
          case KEY_DECISIONS -> "Key decisions";
          case LEARNED_PATTERNS -> "Learned patterns";
          case FACTS -> "Facts";
          case OTHER_OPEN -> "Other open tasks";
          case DONE -> "Done this session";
        };
    return "\n## " + title + "\n";
  }

  private static String line(Item item) {
    Object v = item.value();
    return switch (item.part()) {
      case CURRENT_TASK -> core(v);
      case CURRENT_DECISIONS -> "- decision: " + oneLine(v) + "\n";
      case CURRENT_KEY_DECISIONS -> "- key decision: " + entry(v) + "\n";
      case CURRENT_FILES -> "- file: `" + oneLine(v) + "`\n";
      case CURRENT_NOTES -> "- note: " + oneLine(v) + "\n";
      case IN_PROGRESS, READY, OTHER_OPEN -> "- " + task(v) + "\n";
      case KEY_DECISIONS, LEARNED_PATTERNS -> "- " + entry(v) + "\n";
      case FACTS -> "- **" + item.key() + "**: " + oneLine(v) + "\n";
      case DONE ->
          "- "
              + get(v, "outcome")
              + " `"
              + shortId(v)
              + "` "
              + get(v, "name")
              + (get(v, "reason") == null ? "" : " — " + oneLine(get(v, "reason")))
              + "\n";
    };
  }

  private static String core(Object v) {
    StringBuilder out =
        new StringBuilder("**")
            .append(get(v, "name"))
            .append("** (`")
            .append(shortId(v))
            .append("`, ")
            .append(get(v, "status"))
            .append(", ")
            .append(get(v, "priority"))
            .append(" priority");
    if (get(v, "started_at") != null) {
      out.append(", started ").append(get(v, "started_at"));
    }
    out.append(")\n");
    if (((Map<?, ?>) v).get("under") instanceof List<?> under) {
      List<String> refs = new ArrayList<>();
      for (Object p : under) {
        refs.add("`" + shortId(p) + "` " + get(p, "name"));
      }
      out.append("Part of: ").append(String.join(" > ", refs)).append('\n');
    }
    if (get(v, "description") != null) {
      out.append(oneLine(get(v, "description"))).append('\n');
    }
    return out.toString();
  }

  private static String task(Object v) {
    StringBuilder out =
        new StringBuilder("`")
            .append(shortId(v))
            .append("` ")
            .append(get(v, "name"))
            .append(" (")
            .append(get(v, "priority"))
            .append(')');
    if (((Map<?, ?>) v).get("waits_for") instanceof List<?> waits && !waits.isEmpty()) {
      List<String> names = new ArrayList<>();
      waits.forEach(w -> names.add(String.valueOf(w)));
      out.append(" — waits for ").append(String.join(", ", names));
    }
    return out.toString();
  }

  private static String entry(Object v) {
    StringBuilder out =
        new StringBuilder(oneLine(get(v, "text")))
            .append(" (`")
            .append(shortId(v))
            .append("`, ")
            .append(String.valueOf(get(v, "at")), 0, 10);
    if (get(v, "task_id") != null) {
      out.append(", task `").append(String.valueOf(get(v, "task_id")), 0, 8).append('`');
    }
    if (((Map<?, ?>) v).get("tags") instanceof List<?> tags && !tags.isEmpty()) {
      List<String> names = new ArrayList<>();
      tags.forEach(t -> names.add(String.valueOf(t)));
      out.append(", ").append(String.join(" ", names));
    }
    return out.append(')').toString();
  }

  private static @Nullable Object get(Object map, String key) {
    return ((Map<?, ?>) map).get(key);
  }

  private static String shortId(Object map) {
    return String.valueOf(get(map, "id")).substring(0, 8);
  }

  /** One list item per line: line breaks inside a text would break the Markdown list. */
  private static String oneLine(@Nullable Object text) {
    return String.valueOf(text).replaceAll("\\s*\\R\\s*", " ");
  }
}
