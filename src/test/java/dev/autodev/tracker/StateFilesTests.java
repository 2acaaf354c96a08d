package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.support.TrackerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The files on disk: the seed's keys, snake_case, UUID v4 ids, ISO-8601 UTC timestamps. */
class StateFilesTests {

  private static final Pattern ISO_UTC =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");

  @TempDir Path home;

  @Test
  void currentJsonHasTheSeedShape() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker tracker = ctx.tracker();
      Task task = tracker.create(NewTask.named("Implement feature X"));
      tracker.start(task.id(), false);
      tracker.addContext(task.id(), ContextKind.FILE, "src/main.rs");
      tracker.addContext(task.id(), ContextKind.DECISION, "Use async pattern");
      Task setup = tracker.create(NewTask.named("Setup project"));
      tracker.start(setup.id(), false);
      tracker.complete(setup.id(), false);
      tracker.focus(task.id());
    }
    JsonNode root =
        TrackerJson.mapper().readTree(Files.readAllBytes(home.resolve("tasks/current.json")));

    assertThat(fieldNames(root))
        .contains(
            "schema_version",
            "checksum",
            "revision",
            "session_id",
            "started_at",
            "current_task",
            "tasks",
            "completed_tasks",
            "memory");
    assertThat(root.get("schema_version").asInt()).isEqualTo(2);
    assertThat(root.get("checksum").asString()).matches("[0-9a-f]{8}");
    assertThat(uuid(root.get("session_id")).version()).isEqualTo(4);
    assertIsoUtc(root.get("started_at"));

    JsonNode current = root.get("current_task");
    assertThat(current.get("name").asString()).isEqualTo("Implement feature X");
    assertThat(current.get("status").asString()).isEqualTo("in_progress");
    assertIsoUtc(current.get("started_at"));
    assertThat(current.get("context").get("files_modified").get(0).asString())
        .isEqualTo("src/main.rs");
    assertThat(current.get("context").get("decisions").get(0).asString())
        .isEqualTo("Use async pattern");

    JsonNode completed = root.get("completed_tasks").get(0);
    assertThat(completed.get("name").asString()).isEqualTo("Setup project");
    assertIsoUtc(completed.get("completed_at"));
    assertThat(completed.has("duration_seconds")).isTrue();

    JsonNode open = root.get("tasks").get(0);
    assertThat(uuid(open.get("id")).version()).isEqualTo(4);
    assertIsoUtc(open.get("created_at"));
    assertThat(open.get("events").size()).isGreaterThanOrEqualTo(4);
    assertThat(root.get("memory").has("key_decisions")).isTrue();
    assertThat(root.get("memory").has("learned_patterns")).isTrue();
  }

  @Test
  void everyJournalLineIsChecksummedAndFinishedTasksAreArchived() throws Exception {
    UUID id;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      Task task = ctx.tracker().create(NewTask.named("Archive me"));
      id = task.id();
      ctx.tracker().start(id, false);
      ctx.tracker().complete(id, false);
    }
    List<String> journal = Files.readAllLines(home.resolve("tasks/journal.jsonl"));
    assertThat(journal).isNotEmpty();
    for (String line : journal) {
      assertThat(line).matches("\\{\"crc\":\"[0-9a-f]{8}\",\"entry\":\\{.*\\}\\}");
      JsonNode entry = TrackerJson.mapper().readTree(line).get("entry");
      assertIsoUtc(entry.get("at"));
      assertThat(entry.get("rev").asLong()).isPositive();
    }
    Path segment =
        home.resolve("tasks/history").resolve(Instant.now().toString().substring(0, 7) + ".jsonl");
    List<String> history = Files.readAllLines(segment);
    assertThat(history).hasSize(1);
    JsonNode record = TrackerJson.mapper().readTree(history.get(0)).get("record");
    assertThat(record.get("task").get("id").asString()).isEqualTo(id.toString());
    assertThat(record.get("task").get("status").asString()).isEqualTo("completed");
    assertIsoUtc(record.get("task").get("completed_at"));
  }

  private static List<String> fieldNames(JsonNode node) {
    return List.copyOf(node.propertyNames());
  }

  private static UUID uuid(JsonNode node) {
    return UUID.fromString(node.asString());
  }

  private static void assertIsoUtc(JsonNode node) {
    assertThat(node).isNotNull();
    assertThat(node.asString()).matches(ISO_UTC);
  }
}
