package dev.autodev.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import dev.autodev.cli.ExitCodes;
import dev.autodev.support.Commands;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The session commands on the whole application: their {@code --json} documents, their text, and
 * their refusals (exit code 1 for a session state that does not fit, 2 for a bad option value). The
 * same documents over HTTP are exercised against a real server in {@link
 * ResumeAfterExitIntegrationTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SessionCommandsIntegrationTests {

  @TempDir static Path home;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
  }

  @Autowired CommandRunner runner;
  @Autowired TaskTracker tracker;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void sessionCommandsPrintOneDocumentEachAndRefuseWhatDoesNotFit() {
    Commands commands = new Commands(runner);
    if (tracker.state().sessionId() != null) {
      tracker.endSession();
    }
    JsonNode started = json.readTree(commands.ok("session", "start", "--json"));
    assertThat(started.get("open").asBoolean()).isTrue();
    String id = started.get("session_id").asString();

    Commands.Result twice = commands.run("session", "start");
    assertThat(twice.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(twice.error()).contains("session " + id + " is already open");

    Task carried = tracker.create(NewTask.named("Carry me"));
    tracker.start(carried.id(), false);
    Task done = tracker.create(NewTask.named("Done today"));
    tracker.start(done.id(), false);
    tracker.complete(done.id(), false);
    tracker.focus(carried.id());
    commands.ok("memory", "decide", "Ship", "it", "--task", carried.shortId());

    JsonNode shown = json.readTree(commands.ok("session", "show", "--json"));
    assertThat(shown.get("session_id").asString()).isEqualTo(id);
    assertThat(shown.get("completed").get(0).get("name").asString()).isEqualTo("Done today");
    assertThat(shown.get("decisions").get(0).get("text").asString()).isEqualTo("Ship it");
    assertThat(commands.ok("session", "show"))
        .contains("Session " + id)
        .contains("1 completed, 0 failed, 1 decision recorded");

    JsonNode ended = json.readTree(commands.ok("session", "end", "--json"));
    assertThat(ended.get("session_id").asString()).isEqualTo(id);
    assertThat(ended.get("current_task_id").asString()).isEqualTo(carried.id().toString());
    assertThat(ended.get("open_tasks").asInt()).isEqualTo(1);
    assertThat(ended.get("ended_revision").asLong()).isEqualTo(tracker.state().revision());

    Commands.Result none = commands.run("session", "end");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(none.error()).startsWith("no session is open");

    JsonNode list = json.readTree(commands.ok("session", "list", "--json", "--limit", "5"));
    assertThat(list.get("sessions").get(0)).isEqualTo(ended);
    assertThat(commands.ok("session", "list")).contains(id.substring(0, 8));
    assertThat(commands.run("session", "list", "--limit", "0").exitCode())
        .isEqualTo(ExitCodes.USAGE);

    JsonNode resume = json.readTree(commands.ok("task", "resume", "--json"));
    assertThat(resume.get("session_open").asBoolean()).isFalse();
    assertThat(resume.get("last_ended_session")).isEqualTo(ended);
    assertThat(resume.get("current_task").get("id").asString()).isEqualTo(carried.id().toString());
    assertThat(commands.ok("task", "resume"))
        .contains("No session open: session " + id.substring(0, 8) + " ended at ")
        .contains("Current task: " + carried.shortId() + " 'Carry me'");
  }
}
