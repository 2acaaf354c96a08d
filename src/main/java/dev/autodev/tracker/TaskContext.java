package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What was learned while working on a task: files touched, decisions taken, free notes. */
public record TaskContext(List<String> filesModified, List<String> decisions, List<String> notes) {

  public static final TaskContext EMPTY = new TaskContext(List.of(), List.of(), List.of());

  public TaskContext(
      @Nullable List<String> filesModified,
      @Nullable List<String> decisions,
      @Nullable List<String> notes) {
    this.filesModified = filesModified == null ? List.of() : List.copyOf(filesModified);
    this.decisions = decisions == null ? List.of() : List.copyOf(decisions);
    this.notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** Adds an entry of the given kind; a file already listed is not added twice. */
  public TaskContext with(ContextKind kind, String value) {
    return switch (kind) {
      case FILE ->
          filesModified.contains(value)
              ? this
              : new TaskContext(append(filesModified, value), decisions, notes);
      case DECISION -> new TaskContext(filesModified, append(decisions, value), notes);
      case NOTE -> new TaskContext(filesModified, decisions, append(notes, value));
    };
  }

  private static List<String> append(List<String> list, String value) {
    List<String> copy = new ArrayList<>(list);
    copy.add(value);
    return copy;
  }
}
