package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.cli.CommandRunner;
import dev.autodev.cli.ExitCodes;
import dev.autodev.store.ChecksummedDocument;
import dev.autodev.support.Commands;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code store verify / repair / backup / restore} through the real command runner, and {@code
 * /api/store} over a real HTTP port, on one data folder: the same JSON both ways, exit codes 0 and
 * 1, repair's quarantine, a refused repair that changes nothing, a backup restored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreApiIntegrationTests {

  @TempDir static Path home;
  @TempDir static Path elsewhere;
  @TempDir static Path allowed;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", () -> home.toString());
    registry.add("autodev.backup.allowed-roots", () -> allowed.toString());
  }

  @LocalServerPort int port;
  @Autowired CommandRunner runner;
  @Autowired TaskTracker tracker;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/json, application/problem+json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Path tasks() {
    return home.resolve("tasks");
  }

  @Test
  void verifyRepairBackupAndRestoreByCommandAndOverHttp() throws Exception {
    Commands commands = new Commands(runner);
    Task kept = tracker.create(NewTask.named("Kept by the backup"));
    tracker.start(kept.id(), false);
    Task done = tracker.create(NewTask.named("Finished"));
    tracker.start(done.id(), false);
    tracker.complete(done.id(), false);

    // Clean: exit 0, and the command's JSON is the API's JSON.
    assertThat(commands.ok("store", "verify")).contains("Store is clean");
    JsonNode byCommand = json.readTree(commands.ok("store", "verify", "--json"));
    HttpResponse<String> verified = send("GET", "/api/store/verify");
    assertThat(verified.statusCode()).isEqualTo(200);
    JsonNode byHttp = json.readTree(verified.body());
    assertThat(byHttp).isEqualTo(byCommand);
    assertThat(byHttp.get("clean").asBoolean()).isTrue();
    assertThat(byHttp.get("open_tasks").asInt()).isEqualTo(1);

    // A backup, then a change the restore takes back.
    Path backup = elsewhere.resolve("b1");
    JsonNode b = json.readTree(commands.ok("store", "backup", "--to", backup.toString(), "--json"));
    assertThat(b.get("files").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(backup.resolve("backup.json")).exists();
    Task later = tracker.create(NewTask.named("After the backup"));

    // Damage the backup of current.json: verify exits 1 and names it; a dry run changes nothing.
    Path bak = tasks().resolve("current.json.bak");
    Files.write(bak, "{ not json".getBytes(StandardCharsets.UTF_8));
    Commands.Result bad = commands.run("store", "verify");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(bad.out()).contains("PROBLEM  current.json.bak: does not read");
    assertThat(bad.error()).contains("1 problem found");
    assertThat(commands.ok("store", "repair", "--dry-run"))
        .contains("Would do (dry run, nothing changed):")
        .contains("current.json.bak: keep a copy in quarantine/");
    assertThat(Files.readString(bak)).isEqualTo("{ not json");

    // Repair over HTTP: clean after, the damaged file kept in quarantine.
    HttpResponse<String> repaired = send("POST", "/api/store/repair?dry_run=false");
    assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(200);
    JsonNode r = json.readTree(repaired.body());
    assertThat(r.get("after").get("clean").asBoolean()).as(repaired.body()).isTrue();
    Path quarantined = home.resolve(r.get("quarantine").asString()).resolve("current.json.bak");
    assertThat(Files.readString(quarantined)).isEqualTo("{ not json");
    assertThat(commands.ok("store", "verify")).contains("Store is clean");

    // A file from a newer auto-dev (its checksum holds): repair refuses (exit 1 / 409) and
    // changes nothing.
    Path memBak = tasks().resolve("memory.json.bak");
    String newer =
        new String(
            ChecksummedDocument.seal(
                "{\"schema_version\": 99, \"checksum\": \"00000000\"}"
                    .getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    Files.writeString(memBak, newer);
    Commands.Result refused = commands.run("store", "repair");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.out()).contains("Cannot repair:").contains("newer auto-dev");
    assertThat(send("POST", "/api/store/repair").statusCode()).isEqualTo(409);
    assertThat(Files.readString(memBak)).isEqualTo(newer);
    Files.delete(memBak);

    // A tampered backup is refused; the good one is restored, the replaced files quarantined.
    Path tampered = elsewhere.resolve("b2");
    CorruptionMatrix.copyTree(backup, tampered);
    Files.writeString(tampered.resolve("tasks/journal.jsonl"), "garbage\n", StandardCharsets.UTF_8);
    Commands.Result notRestored = commands.run("store", "restore", tampered.toString());
    assertThat(notRestored.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(notRestored.error()).contains("does not match the manifest").contains("nothing");
    assertThat(tracker.find(later.id())).isPresent();

    assertThat(commands.ok("store", "restore", backup.toString())).contains("Restored");
    assertThat(tracker.find(later.id())).isEmpty();
    assertThat(tracker.get(kept.id()).name()).isEqualTo("Kept by the backup");
    assertThat(tracker.get(done.id()).status().toString()).isEqualTo("completed");
    try (Stream<Path> q = Files.list(tasks().resolve("quarantine"))) {
      assertThat(q.map(p -> p.getFileName().toString()).toList())
          .anyMatch(n -> n.endsWith("-restore"));
    }
    assertThat(commands.ok("store", "verify")).contains("Store is clean");

    // The default backup folder, over HTTP.
    HttpResponse<String> posted = send("POST", "/api/store/backup");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    assertThat(json.readTree(posted.body()).get("folder").asString())
        .startsWith(home.resolve("backups").toString());

    // A backup cannot go into a non-empty folder.
    Commands.Result occupied = commands.run("store", "backup", "--to", tasks().toString());
    assertThat(occupied.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(List.of(occupied.error())).anyMatch(e -> e.contains("tasks/"));
  }

  @Test
  void overHttpABackupGoesOnlyInsideTheBackupsFolderOrAnAllowedRoot() throws Exception {
    // A relative folder is a folder inside <home>/backups.
    HttpResponse<String> named = send("POST", "/api/store/backup?to=nightly");
    assertThat(named.statusCode()).as(named.body()).isEqualTo(201);
    assertThat(json.readTree(named.body()).get("folder").asString())
        .isEqualTo(home.resolve("backups").resolve("nightly").toString());

    // A folder inside autodev.backup.allowed-roots.
    HttpResponse<String> inAllowed =
        send("POST", "/api/store/backup?to=" + allowed.resolve("copy"));
    assertThat(inAllowed.statusCode()).as(inAllowed.body()).isEqualTo(201);
    assertThat(allowed.resolve("copy").resolve("backup.json")).exists();

    // Anywhere else is refused with a 400 naming 'to' and the setting, and nothing is written.
    Files.createDirectories(home.resolve("backups"));
    Files.createSymbolicLink(home.resolve("backups").resolve("out"), elsewhere);
    for (String to :
        List.of(
            elsewhere.resolve("http-copy").toString(),
            "../escaped",
            "..%2F..%2Fescaped",
            "out/linked-copy",
            home.resolve("backups").toString())) {
      HttpResponse<String> refused = send("POST", "/api/store/backup?to=" + to);
      assertThat(refused.statusCode()).as(to + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      JsonNode problem = json.readTree(refused.body());
      assertThat(problem.get("field").asString()).isEqualTo("to");
      assertThat(problem.get("detail").asString())
          .contains(home.resolve("backups").toString())
          .contains("autodev.backup.allowed-roots");
    }
    assertThat(elsewhere.resolve("http-copy")).doesNotExist();
    assertThat(elsewhere.resolve("linked-copy")).doesNotExist();
    assertThat(home.resolve("escaped")).doesNotExist();
    assertThat(home.getParent().resolve("escaped")).doesNotExist();

    // The command line is the local user: it writes wherever it is told.
    Commands commands = new Commands(runner);
    commands.ok("store", "backup", "--to", elsewhere.resolve("cli-copy").toString());
    assertThat(elsewhere.resolve("cli-copy").resolve("backup.json")).exists();
  }
}
