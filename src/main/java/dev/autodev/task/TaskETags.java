package dev.autodev.task;

import dev.autodev.tracker.ExpectedVersion;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.Task;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;

/**
 * A task's ETag is its version, {@code "7"}; {@code If-Match} carries it back so the tracker can
 * refuse a change to a task that moved on since the client read it (412).
 */
final class TaskETags {

  private static final Pattern ONE_TAG = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");

  private TaskETags() {}

  static String of(Task task) {
    return "\"" + task.version() + "\"";
  }

  /** A 200 response with the task and its ETag. */
  static ResponseEntity<Task> ok(Task task) {
    return ok(task, task);
  }

  /** A 200 response with a view of the task (its context, its dependencies) and the task's ETag. */
  static <T> ResponseEntity<T> ok(Task task, T body) {
    return ResponseEntity.ok().eTag(of(task)).body(body);
  }

  /**
   * The version an {@code If-Match} header asks for: none (absent or {@code *}) means any; one
   * quoted version, possibly weak. Anything else is bad input, refused before the store is touched.
   */
  static ExpectedVersion expected(@Nullable String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
      return ExpectedVersion.ANY;
    }
    Matcher m = ONE_TAG.matcher(ifMatch);
    if (!m.matches()) {
      throw new InvalidInputException(
          "If-Match",
          "If-Match must be one ETag of this task, such as \"3\" (from its ETag header), or *");
    }
    return ExpectedVersion.of(Long.parseLong(m.group(1)));
  }
}
