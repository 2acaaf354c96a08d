package dev.autodev.memory;

import dev.autodev.session.SessionView;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.TaskTracker;
import dev.autodev.tracker.TrackerState;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code memory export}: the session and the memory as a briefing for an agent's next prompt, most
 * relevant first and trimmed to a character budget ({@link Briefing}). Built from one read of the
 * state, so the tasks and the memory in it belong together.
 */
@Component
class ContextExport {

  static final int DEFAULT_MAX_CHARS = 4_000;
  static final int MIN_CHARS = 1_000;
  static final int MAX_CHARS = 1_000_000;

  /** The two shapes of a briefing. */
  enum Format {
    MARKDOWN,
    JSON;

    static Format parse(@Nullable String value) {
      String v = value == null ? "markdown" : value.strip().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "markdown", "md" -> MARKDOWN;
        case "json" -> JSON;
        default ->
            throw new InvalidInputException(
                "format", "unknown format '" + value + "'; expected markdown or json");
      };
    }
  }

  private final TaskTracker tracker;
  private final SessionView sessions;
  private final JsonMapper json;
  private final Clock clock;

  ContextExport(TaskTracker tracker, SessionView sessions, JsonMapper json, Clock clock) {
    this.tracker = tracker;
    this.sessions = sessions;
    this.json = json;
    this.clock = clock;
  }

  /** The briefing, at most {@code maxChars} characters including its final newline. */
  String export(Format format, int maxChars) {
    if (maxChars < MIN_CHARS || maxChars > MAX_CHARS) {
      throw new InvalidInputException(
          "max_chars", "--max-chars must be " + MIN_CHARS + " to " + MAX_CHARS);
    }
    TrackerState state = tracker.state();
    Briefing briefing = Briefing.of(sessions.resume(state), state.memory(), clock.instant());
    Briefing.Format writer =
        format == Format.JSON ? new JsonBriefing(json, maxChars) : new MarkdownBriefing(maxChars);
    return briefing.fit(writer, maxChars);
  }
}
