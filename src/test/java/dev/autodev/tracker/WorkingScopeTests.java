package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The working scope moves with the work — start focuses, finishing the current task returns the
 * focus to its parent — and every switch is its own saved change that survives a restart.
 */
class WorkingScopeTests {

  @TempDir Path home;

  @Test
  void focusSwitchesAreSavedAndSurviveRestarts() throws Exception {
    UUID epic;
    UUID step1;
    UUID step2;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      epic = t.create(NewTask.named("Epic")).id();
      step1 = t.create(subtask("Step 1", epic)).id();
      step2 = t.create(subtask("Step 2", epic)).id();
      t.start(epic, false);
      t.start(step1, false);
    }
    UUID e = epic;
    UUID s1 = step1;
    UUID s2 = step2;

    restart(
        (t, planner) -> {
          assertThat(t.state().currentTaskId()).isEqualTo(s1);
          assertThat(planner.scope().scope()).extracting(TaskRef::id).containsExactly(e, s1);
          t.complete(s1, false);
          assertThat(t.state().currentTaskId()).as("back to the parent").isEqualTo(e);
        });
    restart(
        (t, planner) -> {
          assertThat(t.state().currentTaskId()).isEqualTo(e);
          assertThat(planner.scope().scope()).extracting(TaskRef::id).containsExactly(e);
          t.focus(s2);
        });
    restart(
        (t, planner) -> {
          WorkingScope scope = planner.scope();
          assertThat(scope.currentTask().id()).isEqualTo(s2);
          assertThat(scope.currentTask().status())
              .as("focusing does not start a task")
              .isEqualTo(TaskStatus.PENDING);
          t.fail(s2, "not needed");
          assertThat(t.state().currentTaskId()).isEqualTo(e);
          t.focus(null);
        });
    restart(
        (t, planner) -> {
          assertThat(planner.scope().currentTask()).isNull();
          assertThat(planner.scope().scope()).isEmpty();
          assertThat(t.get(e).events())
              .extracting(AuditEntry::type, AuditEntry::detail)
              .containsSubsequence(
                  tuple("focused", "started"),
                  tuple("unfocused", "started"),
                  tuple("focused", "completed"),
                  tuple("unfocused", "focus"),
                  tuple("focused", "failed"),
                  tuple("unfocused", "focus"));
        });

    // Each switch is its own event in the journal, in order.
    List<String> switches =
        Files.readAllLines(home.resolve("tasks/journal.jsonl")).stream()
            .map(line -> TrackerJson.mapper().readTree(line).get("entry").get("events"))
            .flatMap(events -> StreamSupport.stream(events.spliterator(), false))
            .filter(ev -> ev.get("type").asString().equals("scope_changed"))
            .map(WorkingScopeTests::describe)
            .toList();
    assertThat(switches)
        .containsExactly(
            "none→" + e + " started",
            e + "→" + s1 + " started",
            s1 + "→" + e + " completed",
            e + "→" + s2 + " focus",
            s2 + "→" + e + " failed",
            e + "→none focus");
  }

  private static String describe(JsonNode event) {
    return (event.hasNonNull("from") ? event.get("from").asString() : "none")
        + "→"
        + (event.hasNonNull("to") ? event.get("to").asString() : "none")
        + " "
        + event.get("cause").asString();
  }

  private void restart(BiConsumer<TaskTracker, TaskPlanner> work) {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      work.accept(ctx.tracker(), ctx.bean(TaskPlanner.class));
    }
  }

  private static NewTask subtask(String name, UUID parent) {
    return new NewTask(name, null, null, List.of(), parent, List.of());
  }
}
