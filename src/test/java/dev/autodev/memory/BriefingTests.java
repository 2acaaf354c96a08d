package dev.autodev.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.session.MemoryDigest;
import dev.autodev.session.ResumeReport;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.BlockedTasks;
import dev.autodev.tracker.CompletedSummary;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.Memory;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.NextTask;
import dev.autodev.tracker.ReadyTasks;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskRef;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The context export's relevance order and budget: the current task and its context first, then the
 * other work in progress, what is ready, decisions, patterns, facts, the other open tasks and this
 * session's outcomes; every budget is respected, whole entries only, always a prefix of that order,
 * and what was left out is said.
 */
class BriefingTests {

  @TempDir Path home;

  private final JsonMapper json = JsonMapper.builder().build();
  private Briefing briefing;

  /** Markers of each item, in the order the briefing must rank them. */
  private static final List<String> RANKED =
      List.of(
          "Write the exporter",
          "DECISION-ON-TASK keep entries whole",
          "KEY-ON-TASK export is deterministic",
          "src/Export.java",
          "src/Budget.java",
          "NOTE-2 the newest note comes first",
          "NOTE-1 an older note",
          "OTHER-WORK in progress too",
          "NEXT-THING ready to start",
          "KEY-3 newest key decision",
          "KEY-2 middle key decision",
          "KEY-1 oldest key decision",
          "PATTERN-2 newest pattern",
          "PATTERN-1 oldest pattern",
          "FACT-A",
          "FACT-B",
          "LATER-THING blocked",
          "SETUP-THING done");

  @BeforeEach
  void build() {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      Task epic = t.create(NewTask.named("Epic"));
      Task current =
          t.create(
              new NewTask(
                  "Write the exporter",
                  "A briefing for the next prompt.",
                  null,
                  List.of(),
                  epic.id(),
                  List.of()));
      t.start(current.id(), false);
      t.addContext(current.id(), ContextKind.DECISION, "DECISION-ON-TASK keep entries whole");
      t.addContext(current.id(), ContextKind.FILE, "src/Export.java");
      t.addContext(current.id(), ContextKind.FILE, "src/Budget.java");
      t.addContext(current.id(), ContextKind.NOTE, "NOTE-1 an older note");
      t.addContext(current.id(), ContextKind.NOTE, "NOTE-2 the newest note comes first");
      Task other = t.create(NewTask.named("OTHER-WORK in progress too"));
      t.start(other.id(), false);
      t.focus(current.id());
      Task next = t.create(NewTask.named("NEXT-THING ready to start"));
      Task later =
          t.create(
              new NewTask("LATER-THING blocked", null, null, List.of(), null, List.of(next.id())));
      Task setup = t.create(NewTask.named("SETUP-THING done"));
      t.start(setup.id(), false);
      t.complete(setup.id(), false);
      t.focus(current.id());
      t.decide("KEY-1 oldest key decision", null, List.of());
      t.decide("KEY-ON-TASK export is deterministic", current.id(), List.of());
      t.decide("KEY-2 middle key decision", null, List.of("design"));
      t.decide("KEY-3 newest key decision", null, List.of());
      t.learn("PATTERN-1 oldest pattern", null, List.of());
      t.learn("PATTERN-2 newest pattern", null, List.of("tests"));
      t.setFact("FACT-A", "the first fact " + "a".repeat(40));
      t.setFact("FACT-B", "the second fact " + "b".repeat(40));
      t.setProjectType("cli_tool");

      Memory memory = t.memory();
      Task cur = t.state().currentTask();
      ResumeReport report =
          new ResumeReport(
              t.state().sessionId(),
              true,
              t.state().startedAt(),
              t.state().lastActivityAt(),
              5L,
              t.state().revision(),
              null,
              null,
              List.of(),
              List.of(),
              null,
              List.of(),
              cur,
              List.of(TaskRef.of(t.get(epic.id())), TaskRef.of(cur)),
              List.of(t.get(other.id())),
              new NextTask(t.get(next.id()), "the only ready task", 1, null, 1, 1, 2),
              List.of(new ReadyTasks.Entry(t.get(next.id()), 1)),
              List.of(new BlockedTasks.Entry(t.get(later.id()), List.of(TaskRef.of(next)))),
              t.state().completedTasks(),
              List.of(),
              new MemoryDigest(null, 0, 0, 0, List.of(), List.of()));
      briefing = Briefing.of(report, memory, Instant.parse("2026-11-23T10:30:00Z"));
      assertThat(report.completedThisSession())
          .extracting(CompletedSummary::name)
          .containsExactly("SETUP-THING done");
    }
  }

  private String markdown(int max) {
    return briefing.fit(new MarkdownBriefing(max), max);
  }

  private String jsonOf(int max) {
    return briefing.fit(new JsonBriefing(json, max), max);
  }

  @Test
  void withRoomForEverythingTheOrderIsByRelevance() {
    String md = markdown(100_000);
    assertThat(md).startsWith("# Briefing: cli_tool\nSession `").doesNotContain("Left out");
    int last = -1;
    for (String marker : RANKED) {
      int at = md.indexOf(marker);
      assertThat(at).as("%s comes after the one before it in:%n%s", marker, md).isGreaterThan(last);
      last = at;
    }
    assertThat(md)
        .contains("Part of: `")
        .contains("A briefing for the next prompt.")
        .contains("LATER-THING blocked (medium) — waits for ")
        .contains("NEXT-THING ready to start");
    for (String heading :
        List.of(
            "## Current task",
            "## Also in progress",
            "## Ready next",
            "## Key decisions",
            "## Learned patterns",
            "## Facts",
            "## Other open tasks",
            "## Done this session")) {
      assertThat(md).containsOnlyOnce(heading);
    }

    JsonNode doc = json.readTree(jsonOf(100_000));
    assertThat(doc.get("complete").asBoolean()).isTrue();
    assertThat(doc.get("omitted").size()).isZero();
    JsonNode current = doc.get("current_task");
    assertThat(current.get("name").asString()).isEqualTo("Write the exporter");
    assertThat(current.get("under").get(0).get("name").asString()).isEqualTo("Epic");
    assertThat(current.get("notes").get(0).asString()).startsWith("NOTE-2");
    assertThat(current.get("key_decisions").get(0).get("text").asString())
        .startsWith("KEY-ON-TASK");
    assertThat(current.get("files_modified").size()).isEqualTo(2);
    assertThat(doc.get("key_decisions").get(0).get("text").asString()).startsWith("KEY-3");
    assertThat(doc.get("key_decisions").size()).isEqualTo(3);
    assertThat(doc.get("facts").get("FACT-A").asString()).startsWith("the first fact");
    assertThat(doc.get("other_open_tasks").get(0).get("waits_for").get(0).asString())
        .contains("NEXT-THING");
    assertThat(doc.get("done_this_session").get(0).get("outcome").asString())
        .isEqualTo("completed");
    assertThat(doc.get("session").get("idle_seconds").asInt()).isEqualTo(5);
  }

  @Test
  void everyBudgetIsRespectedWithWholeEntriesFromTheMostRelevantOn() {
    int full = markdown(100_000).length();
    for (int max = ContextExport.MIN_CHARS; max <= full + 100; max += 37) {
      String md = markdown(max);
      assertThat(md.length()).as("markdown within %d", max).isLessThanOrEqualTo(max);
      assertKeptIsAPrefix(md, max);
      assertThat(md.contains("Left out")).isEqualTo(!RANKED.stream().allMatch(md::contains));
    }
    int fullJson = jsonOf(100_000).length();
    for (int max = ContextExport.MIN_CHARS; max <= fullJson + 100; max += 37) {
      String text = jsonOf(max);
      assertThat(text.length()).as("json within %d", max).isLessThanOrEqualTo(max);
      assertKeptIsAPrefix(text, max);
      JsonNode doc = json.readTree(text);
      int omitted = 0;
      for (JsonNode n : doc.get("omitted")) {
        omitted += n.asInt();
      }
      long kept = RANKED.stream().filter(text::contains).count();
      assertThat(kept + omitted).as("kept and left out add up at %d", max).isEqualTo(RANKED.size());
      assertThat(doc.get("complete").asBoolean()).isEqualTo(omitted == 0);
    }
  }

  @Test
  void theSmallestBudgetStillHoldsTheCurrentTaskAndSaysWhatIsMissing() {
    String md = markdown(ContextExport.MIN_CHARS);
    assertThat(md).contains("**Write the exporter**").contains("_Left out to fit 1000 characters:");
    assertThat(md).contains("learned patterns").contains("facts");
  }

  /** Nothing is cut: each marker is there whole or not at all, and only from the top down. */
  private static void assertKeptIsAPrefix(String out, int max) {
    List<Boolean> kept = new ArrayList<>();
    for (String marker : RANKED) {
      kept.add(out.contains(marker));
    }
    int firstMissing = kept.indexOf(false);
    if (firstMissing >= 0) {
      assertThat(kept.subList(firstMissing, kept.size()))
          .as(
              "at %d, after %s is left out, nothing less relevant is kept",
              max, RANKED.get(firstMissing))
          .containsOnly(false);
    }
  }
}
