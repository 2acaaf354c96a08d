package dev.autodev.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import dev.autodev.cli.ExitCodes;
import dev.autodev.support.Commands;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code task edit} and {@code task delete}, the shell twins of PATCH and DELETE. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TaskEditCommandsIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @Autowired CommandRunner runner;
  @Autowired TaskTracker tracker;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void editChangesTheGivenFieldsAndPrintsTheSameDocumentAsTheApi() {
    Commands commands = new Commands(runner);
    Task task = tracker.create(new NewTask("Old", null, null, List.of("a"), null, List.of()));
    String prefix = task.shortId();

    JsonNode edited =
        json.readTree(
            commands.ok(
                "task", "edit", prefix, "--name", "New name", "--priority", "high", "--json"));
    assertThat(edited.get("name").asString()).isEqualTo("New name");
    assertThat(edited.get("priority").asString()).isEqualTo("high");
    assertThat(edited.get("tags").get(0).asString()).isEqualTo("a");
    assertThat(edited.get("version").asLong()).isEqualTo(2);

    assertThat(commands.ok("task", "edit", prefix, "--no-tags"))
        .contains("Edited")
        .contains("tags");
    assertThat(tracker.get(task.id()).tags()).isEmpty();
    assertThat(commands.ok("task", "edit", prefix, "--priority", "high"))
        .contains("Nothing changed");

    Commands.Result nothing = commands.run("task", "edit", prefix);
    assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.error()).contains("nothing to change");
    Commands.Result tooLong = commands.run("task", "edit", prefix, "--name", "x".repeat(201));
    assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooLong.error()).contains("the limit is 200");
  }

  @Test
  void deleteRemovesAnOpenTaskAndRefusesOneOthersNeed() {
    Commands commands = new Commands(runner);
    Task base = tracker.create(NewTask.named("Base"));
    tracker.create(new NewTask("Needs base", null, null, List.of(), null, List.of(base.id())));

    Commands.Result refused = commands.run("task", "delete", base.shortId());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.error()).contains("depends on it");

    Task lone = tracker.create(NewTask.named("Mistake"));
    assertThat(commands.ok("task", "delete", lone.shortId())).contains("Deleted task");
    assertThat(tracker.find(lone.id())).isEmpty();
  }
}
