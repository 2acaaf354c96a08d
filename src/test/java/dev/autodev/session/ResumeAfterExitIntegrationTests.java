package dev.autodev.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import dev.autodev.support.ChildJvm;
import dev.autodev.support.TrackerContext;
import dev.autodev.tracker.RunOutcome;
import dev.autodev.tracker.SessionLog;
import dev.autodev.tracker.TaskPlanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real application in child JVMs — the interactive shell driven through stdin, the server
 * through HTTP — makes changes and then either exits gracefully or is killed with SIGKILL. The next
 * look at the folder (a one-shot {@code task resume --json}, or the tracker) reports the last run
 * as {@code clean} or {@code cut_off} accordingly, with the session, memory and recovery as they
 * are. The session commands and endpoints are exercised on the way.
 */
class ResumeAfterExitIntegrationTests {

  private static final Duration START = Duration.ofMinutes(1);
  private static final Pattern TOMCAT = Pattern.compile("Tomcat started on port (\\d+)");

  @TempDir Path tmp;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ChildJvm> children = new ArrayList<>();

  /** No child outlives its test, whatever failed. */
  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::close);
  }

  @Test
  void theShellExitingReadsAsCleanAndTheShellKilledReadsAsCutOff() throws Exception {
    Path home = tmp.resolve("store");
    long firstPid;
    // The second shell boots alongside the first (it joins the folder as a run only with its first
    // change, after the first has exited), so the test waits for one start-up, not two.
    ChildJvm second = startShell(home);
    try (ChildJvm shell = shell(home)) {
      firstPid = shell.pid();
      shell.send("task create Shell work");
      awaitLine(shell, "Created task ");
      shell.send("memory decide Keep the shell honest");
      awaitLine(shell, "Recorded decision ");
      shell.send("session end");
      awaitLine(shell, "Ended session ");
      shell.send("session end");
      awaitLine(shell, "error: no session is open");
      shell.send("session list");
      awaitLine(shell, "1 session");
      shell.send("session show");
      awaitLine(shell, "No session open");
      shell.send("exit");
      assertThat(shell.waitFor(START)).as(shell.stderr()).isZero();
    }
    ResumeReport clean = resume(home);
    assertThat(clean.lastRun()).isNotNull();
    assertThat(clean.lastRun().outcome()).isEqualTo(RunOutcome.CLEAN);
    assertThat(clean.lastRun().pid()).isEqualTo(firstPid);
    assertThat(clean.lastRun().mode()).isEqualTo("shell");
    assertThat(clean.sessionOpen()).isFalse();
    assertThat(clean.lastEndedSession()).isNotNull();
    assertThat(clean.lastEndedSession().decisions())
        .extracting(d -> d.text())
        .containsExactly("Keep the shell honest");
    assertThat(clean.ready()).extracting(e -> e.task().name()).containsExactly("Shell work");

    long killedPid;
    try (ChildJvm shell = second) {
      awaitLine(shell, "REST API");
      killedPid = shell.pid();
      shell.send("task create More work");
      awaitLine(shell, "Created task ");
      shell.kill();
    }
    ChildJvm oneShot =
        ChildJvm.start(
            home, List.of(), AutoDevApplication.class.getName(), "task", "resume", "--json");
    children.add(oneShot);
    assertThat(oneShot.waitFor(START)).as(oneShot.stderr()).isZero();
    JsonNode report = json.readTree(oneShot.stdout());
    JsonNode lastRun = report.get("last_run");
    assertThat(lastRun.get("outcome").asString()).isEqualTo("cut_off");
    assertThat(lastRun.get("pid").asLong()).isEqualTo(killedPid);
    assertThat(lastRun.get("mode").asString()).isEqualTo("shell");
    assertThat(report.get("session_open").asBoolean()).isTrue();
    assertThat(report.get("recovered_at_this_start").toString())
        .contains("pid " + killedPid + ") was cut off");
    assertThat(report.get("ready").toString()).contains("Shell work").contains("More work");
    assertThat(report.get("memory").get("latest_decisions").get(0).get("text").asString())
        .isEqualTo("Keep the shell honest");

    String screen = resumeScreen(home);
    assertThat(screen)
        .contains("Last run was CUT OFF: shell (pid " + killedPid + ")")
        .contains("was cut off")
        .contains("Ready next (2):")
        .contains("Keep the shell honest");
  }

  @Test
  void theServerStoppedReadsAsCleanAndTheServerKilledReadsAsCutOff() throws Exception {
    Path home = tmp.resolve("store");
    long stoppedPid;
    ChildJvm second = server(home);
    try (ChildJvm server = server(home)) {
      stoppedPid = server.pid();
      String api = "http://127.0.0.1:" + port(server);
      assertThat(send("POST", api + "/api/tasks", "{\"name\":\"Served work\"}").statusCode())
          .isEqualTo(201);
      assertThat(
              send("POST", api + "/api/memory/decisions", "{\"text\":\"Serve it\"}").statusCode())
          .isEqualTo(201);
      HttpResponse<String> open = send("GET", api + "/api/session", null);
      assertThat(json.readTree(open.body()).get("open").asBoolean()).isTrue();
      HttpResponse<String> ended = send("POST", api + "/api/session/end", null);
      assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
      assertThat(json.readTree(ended.body()).get("decisions").get(0).get("text").asString())
          .isEqualTo("Serve it");
      HttpResponse<String> again = send("POST", api + "/api/session/end", null);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(json.readTree(again.body()).get("detail").asString())
          .contains("no session is open");
      JsonNode list = json.readTree(send("GET", api + "/api/sessions", null).body());
      assertThat(list.get("count").asInt()).isEqualTo(1);
      assertThat(send("GET", api + "/api/sessions?limit=0", null).statusCode()).isEqualTo(400);
      HttpResponse<String> started = send("POST", api + "/api/session/start", null);
      assertThat(json.readTree(started.body()).get("open").asBoolean()).isTrue();
      assertThat(send("POST", api + "/api/session/start", null).statusCode()).isEqualTo(409);
      JsonNode resume = json.readTree(send("GET", api + "/api/session/resume", null).body());
      assertThat(resume.get("session_open").asBoolean()).isTrue();
      assertThat(resume.get("last_ended_session").get("session_id"))
          .isEqualTo(json.readTree(ended.body()).get("session_id"));
      server.terminate(START);
    }
    ResumeReport clean = resume(home);
    assertThat(clean.lastRun().outcome()).isEqualTo(RunOutcome.CLEAN);
    assertThat(clean.lastRun().pid()).isEqualTo(stoppedPid);
    assertThat(clean.lastRun().mode()).isEqualTo("serve");
    assertThat(clean.recoveredAtThisStart()).isEmpty();

    long killedPid;
    try (ChildJvm server = second) {
      killedPid = server.pid();
      String api = "http://127.0.0.1:" + port(server);
      assertThat(send("POST", api + "/api/tasks", "{\"name\":\"Killed mid-session\"}").statusCode())
          .isEqualTo(201);
      server.kill();
    }
    ResumeReport cut = resume(home);
    assertThat(cut.lastRun().outcome()).isEqualTo(RunOutcome.CUT_OFF);
    assertThat(cut.lastRun().pid()).isEqualTo(killedPid);
    assertThat(cut.lastRun().mode()).isEqualTo("serve");
    assertThat(cut.recoveredAtThisStart()).anySatisfy(a -> assertThat(a).contains("was cut off"));
    assertThat(cut.ready()).extracting(e -> e.task().name()).contains("Killed mid-session");
  }

  private ChildJvm shell(Path home) throws InterruptedException {
    ChildJvm shell = startShell(home);
    awaitLine(shell, "REST API");
    return shell;
  }

  private ChildJvm startShell(Path home) {
    ChildJvm shell =
        ChildJvm.start(home, List.of("-Dserver.port=0"), AutoDevApplication.class.getName());
    children.add(shell);
    return shell;
  }

  private ChildJvm server(Path home) {
    ChildJvm server =
        ChildJvm.start(
            home,
            List.of(
                "-Dserver.port=0",
                "-Dlogging.level.org.springframework.boot.tomcat.TomcatWebServer=INFO"),
            AutoDevApplication.class.getName(),
            "serve");
    children.add(server);
    return server;
  }

  private static int port(ChildJvm server) throws InterruptedException {
    Matcher m = server.awaitStderr(TOMCAT, START);
    return Integer.parseInt(m.group(1));
  }

  /** Waits for a stdout line containing {@code text}, skipping the others. */
  private static String awaitLine(ChildJvm child, String text) throws InterruptedException {
    while (true) {
      String line = child.nextLine(START);
      if (line.contains(text)) {
        return line;
      }
    }
  }

  private static ResumeReport resume(Path home) {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      return new SessionView(
              ctx.tracker(),
              ctx.bean(TaskPlanner.class),
              ctx.bean(SessionLog.class),
              Clock.systemUTC())
          .resume();
    }
  }

  private static String resumeScreen(Path home) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      SessionText.resume(writer, resume(home));
    }
    return out.toString();
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
