package dev.autodev.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodev.AutoDevApplication;
import dev.autodev.history.HistoryGenerator;
import dev.autodev.support.ChildJvm;
import dev.autodev.tracker.ContextKind;
import dev.autodev.tracker.NewTask;
import dev.autodev.tracker.Priority;
import dev.autodev.tracker.Task;
import dev.autodev.tracker.TaskTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The board in a real headless Chromium against the whole application on a real port, in the mode
 * where a token is required (so the login, the session cookie and the CSRF token of every action
 * are exercised too), on a data folder with three months of generated history. One browser and one
 * server for every test. Screenshots of each page go to target/board-screenshots/.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "autodev.api.token=" + BoardBrowserIntegrationTests.TOKEN)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class BoardBrowserIntegrationTests {

  static final String TOKEN = "board-browser-test-token-4711";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path home;
  private static boolean seeded;
  private static Browser browser;

  /** Three months of finished tasks, written before the application opens the folder. */
  private static synchronized String seededHome() {
    if (!seeded) {
      try {
        HistoryGenerator.generate(
            home, HistoryGenerator.Options.of(500).months(3).end(Instant.now().minusSeconds(60)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      seeded = true;
    }
    return home.toString();
  }

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("autodev.home", BoardBrowserIntegrationTests::seededHome);
  }

  @LocalServerPort int port;
  @Autowired TaskTracker tracker;
  @Autowired ChangeFeed feed;

  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeEach
  void browserSignedIn() throws IOException {
    if (browser == null) {
      browser = Browser.open(port);
    }
    browser.driver.manage().window().setSize(Browser.DESKTOP);
    if (browser.driver.manage().getCookieNamed("autodev_session") == null) {
      browser.get("/");
      browser.until(WAIT, "the login", () -> browser.path().startsWith("/sign-in"));
      browser.find("#login-token").sendKeys(TOKEN, Keys.ENTER);
      browser.until(WAIT, "signed in", () -> browser.path().equals("/"));
    }
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  // ---------------------------------------------------------------- helpers

  private void show(String path) {
    browser.get(path);
    browser.settled();
  }

  private String card(Task task) {
    return "li.card[data-task-id='" + task.id() + "']";
  }

  /** The text of the task's card once it is in {@code column}. */
  private String cardIn(String column, Task task) {
    return browser.until(
        WAIT,
        task.name() + " in " + column,
        () ->
            browser.all(".column-" + column + " " + card(task)).stream()
                .findFirst()
                .map(WebElement::getText)
                .orElse(null));
  }

  private void act(String column, Task task, String action) {
    browser.click(".column-" + column + " " + card(task) + " [data-action='" + action + "']");
  }

  private JsonNode currentTask(Task task) throws IOException {
    JsonNode current = json.readTree(Files.readString(home.resolve("tasks/current.json")));
    for (JsonNode t : current.get("tasks")) {
      if (t.get("id").asString().equals(task.id().toString())) {
        return t;
      }
    }
    return null;
  }

  /** Every journal line's entry, oldest first (journal.jsonl only: nothing rotates here). */
  private List<JsonNode> journal() throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(home.resolve("tasks/journal.jsonl"))) {
      entries.add(json.readTree(line).get("entry"));
    }
    return entries;
  }

  private List<String> journalEvents(Task task) throws IOException {
    List<String> types = new ArrayList<>();
    for (JsonNode entry : journal()) {
      for (JsonNode e : entry.get("events")) {
        if (e.has("task_id") && e.get("task_id").asString().equals(task.id().toString())) {
          types.add(e.get("type").asString());
        }
      }
    }
    return types;
  }

  private String historyText() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(home.resolve("tasks/history"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        all.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void whereATokenIsRequiredTheBoardAsksForItOnceAndKeepsASessionCookie() throws IOException {
    browser.driver.manage().deleteAllCookies();
    browser.get("/stats");
    browser.until(WAIT, "sent to the login", () -> browser.path().startsWith("/sign-in?next="));
    browser.screenshot("login");
    WebElement field = browser.find("#login-token");
    field.sendKeys("not-the-token", Keys.ENTER);
    WebElement error =
        browser.until(WAIT, "the refusal", () -> browser.find("form.login [role=alert]"));
    browser.until(WAIT, "the refusal's text", error::isDisplayed);
    assertThat(error.getText()).isEqualTo("that is not this server's API token");

    field.clear();
    field.sendKeys(TOKEN, Keys.ENTER);
    browser.until(WAIT, "back where the reader was going", () -> browser.path().equals("/stats"));
    browser.settled();
    Cookie cookie = browser.driver.manage().getCookieNamed("autodev_session");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(browser.js("return document.cookie")).as("invisible to scripts").isEqualTo("");
  }

  @Test
  @Order(2)
  void aTaskCreatedByAOneShotCommandAppearsOnTheOpenBoardWithinASecond() throws Exception {
    tracker.create(NewTask.named("Already there"));
    show("/");
    browser.js("window.sameDocument = 'yes'");
    String name = "Made by a one-shot command";
    browser.js(
        """
        window.seenAt = null;
        new MutationObserver(() => {
          if (window.seenAt === null && [...document.querySelectorAll('.card-title')]
              .some((e) => e.textContent === arguments[0])) window.seenAt = Date.now();
        }).observe(document.body, {childList: true, subtree: true});""",
        name);

    try (ChildJvm cli =
        ChildJvm.start(
            home,
            List.of(),
            AutoDevApplication.class.getName(),
            "task",
            "create",
            name,
            "--priority",
            "high",
            "--tag",
            "cli")) {
      assertThat(cli.waitFor(Duration.ofMinutes(2))).as(cli.stderr()).isZero();
    }
    Number seenAt =
        browser.until(
            WAIT, "the card on the board", () -> (Number) browser.js("return window.seenAt"));
    JsonNode created =
        journal().stream()
            .filter(e -> e.get("events").toString().contains(name))
            .findFirst()
            .orElseThrow();
    long latency = seenAt.longValue() - Instant.parse(created.get("at").asString()).toEpochMilli();
    System.out.println("board latency, one-shot commit to card drawn: " + latency + " ms");
    assertThat(latency).as("from the commit to the card on the page, ms").isLessThan(1000);
    assertThat(browser.js("return window.sameDocument")).as("no reload").isEqualTo("yes");
    WebElement card = browser.find(".column-pending li.card.prio-high");
    assertThat(card.getText()).contains(name).contains("cli");
  }

  @Test
  @Order(3)
  void startAndCompleteFromThePageLandInCurrentJsonAndTheJournal() throws IOException {
    Task task = tracker.create(NewTask.named("Started and completed on the page"));
    show("/");
    cardIn("pending", task);

    // By keyboard: from the card's title link, Tab reaches its first action, Enter presses it.
    browser.until(
        WAIT,
        "the card's title focused",
        () ->
            browser.js(
                "arguments[0].focus(); return true", browser.find(card(task) + " .card-title a")));
    browser.keys(Keys.TAB);
    assertThat(browser.focused("data-action")).isEqualTo("start");
    browser.keys(Keys.ENTER);

    String inProgress = cardIn("in-progress", task);
    assertThat(currentTask(task).get("status").asString()).isEqualTo("in_progress");
    assertThat(journalEvents(task)).containsSubsequence("task_created", "task_started");
    assertThat(inProgress).contains("current");

    act("in-progress", task, "complete");
    cardIn("completed", task);
    assertThat(currentTask(task)).as("archived: no longer open in current.json").isNull();
    assertThat(journalEvents(task)).endsWith("task_completed");
    assertThat(historyText()).contains(task.id().toString());
  }

  @Test
  @Order(4)
  void failWithAReasonRetryAndCreateWithTheDialogs() throws IOException {
    Task task = tracker.create(NewTask.named("Failed on the page"));
    Task blocker = tracker.create(NewTask.named("The blocker"));
    show("/");
    cardIn("pending", task);
    act("pending", task, "fail");
    browser
        .until(WAIT, "the reason field", () -> browser.find("dialog textarea"))
        .sendKeys("the flaky fixture again");
    browser.click("dialog button[type=submit]");
    assertThat(cardIn("failed", task)).contains("the flaky fixture again");
    assertThat(journalEvents(task)).endsWith("task_failed");

    act("failed", task, "retry");
    cardIn("pending", task);
    assertThat(currentTask(task).get("attempts").asInt()).as("its second attempt").isEqualTo(1);
    assertThat(journalEvents(task)).endsWith("task_retried");

    browser.click(".view-head button.primary");
    browser
        .until(WAIT, "the new task dialog", () -> browser.find("dialog input[name=name]"))
        .sendKeys("Made in the dialog");
    browser.find("dialog input[name=tags]").sendKeys("ui, board");
    browser.find("dialog fieldset.deps input[value='" + blocker.id() + "']").click();
    browser.click("dialog button[type=submit]");
    String made =
        browser.until(
            WAIT,
            "the created card",
            () ->
                browser.all(".column-pending li.card").stream()
                    .map(WebElement::getText)
                    .filter(t -> t.contains("Made in the dialog"))
                    .findFirst()
                    .orElse(null));
    assertThat(made).contains("Blocked by The blocker").contains("ui").contains("board");
    assertThat(tracker.openTasks().stream().filter(t -> t.name().equals("Made in the dialog")))
        .singleElement()
        .satisfies(t -> assertThat(t.dependsOn()).containsExactly(blocker.id()));
  }

  @Test
  @Order(5)
  void anIfMatchConflictShowsTheProblemDetailsMessageAndWritesNothing() throws IOException {
    Task task = tracker.create(NewTask.named("Changed under the reader"));
    tracker.start(task.id(), false);
    show("/tasks/" + task.id());
    assertThat(browser.text(".view-head .summary")).contains("version 3");

    browser.find("#context-value").sendKeys("typed while someone else changed it");
    tracker.addContext(task.id(), ContextKind.DECISION, "changed elsewhere meanwhile");
    browser.until(WAIT, "the notice that it changed", () -> browser.find(".stale").isDisplayed());
    browser.click(".context-form button[type=submit]");

    String alert = browser.text("#alerts [role=alert]");
    assertThat(alert)
        .contains("Could not record the note")
        .contains("is at version 4, not 3: it changed since you read it");
    browser.screenshot("conflict");
    assertThat(Files.readString(home.resolve("tasks/journal.jsonl")))
        .doesNotContain("typed while someone else changed it");

    browser.click("#alerts [role=alert] button:not(.link)");
    browser.until(
        WAIT, "the new version", () -> browser.text(".view-head .summary").contains("version 4"));
    assertThat(browser.text("section[aria-labelledby=h-context]"))
        .contains("changed elsewhere meanwhile");
  }

  @Test
  @Order(6)
  void theDependencyGraphAndTheChartsRender() throws IOException {
    Task schema =
        tracker.create(
            new NewTask("Design the schema", null, Priority.HIGH, List.of("db"), null, List.of()));
    Task migrate =
        tracker.create(
            new NewTask(
                "Write the migration",
                null,
                Priority.HIGH,
                List.of("db"),
                null,
                List.of(schema.id())));
    Task deploy =
        tracker.create(
            new NewTask(
                "Deploy",
                null,
                Priority.MEDIUM,
                List.of("ops"),
                null,
                List.of(migrate.id(), schema.id())));
    tracker.start(schema.id(), false);

    show("/");
    browser.click("nav.views a[href='/graph']");
    browser.settled();
    browser.until(WAIT, "the graph", () -> browser.find("svg.graph").isDisplayed());
    int open = tracker.openTasks().size();
    long edges = tracker.openTasks().stream().mapToLong(t -> t.dependsOn().size()).sum();
    assertThat(browser.all("svg.graph a.node:not(.node-ghost)")).hasSize(open);
    assertThat(browser.all("svg.graph path.edge")).hasSize((int) edges);
    String deployNode = "svg.graph a.node[data-task-id='" + deploy.id() + "']";
    assertThat(
            browser.until(
                WAIT, "the node's class", () -> browser.find(deployNode).getAttribute("class")))
        .contains("node-blocked");
    assertThat(
            browser.until(
                WAIT,
                "the node's label",
                () -> browser.find(deployNode).getAttribute("aria-label")))
        .contains("Deploy")
        .contains("blocked")
        .contains("waits for 2");
    assertThat(
            browser.js(
                "const x = (id) => document.querySelector(`a.node[data-task-id='${id}'] rect`)"
                    + ".getBBox().x; return x(arguments[0]) > x(arguments[1])",
                migrate.id().toString(),
                schema.id().toString()))
        .as("a task is drawn right of what it waits for")
        .isEqualTo(true);
    browser.screenshot("graph");

    browser.click(deployNode);
    browser.until(
        WAIT, "the task page from the graph", () -> browser.path().equals("/tasks/" + deploy.id()));
    browser.settled();
    browser.until(WAIT, "the task's name", () -> browser.text("h1").equals("Deploy"));
    assertThat(browser.text("section[aria-labelledby=h-deps]"))
        .contains("Design the schema")
        .contains("Write the migration");
    browser.screenshot("task");

    show("/stats?weeks=26");
    List<WebElement> bars = browser.all("svg.chart-bar rect.bar");
    assertThat(bars.size()).as("bars of 13 weeks of history").isGreaterThanOrEqualTo(12);
    assertThat(browser.all("svg.chart-line circle.dot")).hasSizeGreaterThanOrEqualTo(12);
    assertThat(browser.all("figure.chart-figure figcaption").stream().map(WebElement::getText))
        .containsExactly(
            "Completions per week",
            "Median time worked per completed task",
            "Failure rate per week");
    assertThat(browser.find("svg.chart-bar").getAttribute("role")).isEqualTo("img");
    String failureRate = browser.find(".figures").getText();
    assertThat(failureRate).containsPattern("Failure rate\\s+\\d+%");
    browser.screenshot("stats");
  }

  @Test
  @Order(7)
  void everyViewIsDrawnLabelledWithoutScriptErrorsAndFitsAPhone() throws IOException {
    tracker.setProjectType("cli_tool");
    tracker.setFact("build", "./mvnw -B verify");
    tracker.decide("Use JSON Lines for every log", null, List.of());
    tracker.learn("fsync the folder after a rename", null, List.of("io"));
    browser.consoleErrors(); // start counting from here

    Map<String, String> views =
        Map.of(
            "/", "board",
            "/history?status=failed&limit=20", "history",
            "/memory", "memory",
            "/store", "store");
    for (Map.Entry<String, String> view : views.entrySet()) {
      show(view.getKey());
      assertThat(browser.unlabelled()).as("unlabelled controls on " + view.getKey()).isEmpty();
      if (view.getValue().equals("history")) {
        browser.until(
            WAIT, "history rows", () -> browser.all("table.history tbody tr").size() == 20);
        String firstRow = browser.text("table.history tbody tr");
        assertThat(browser.all("table.history tbody tr"))
            .allSatisfy(r -> assertThat(r.getText()).contains("failed"));
        browser.click("nav.pager button:last-child");
        browser.until(
            WAIT, "the next page", () -> !browser.text("table.history tbody tr").equals(firstRow));
        assertThat(browser.path()).contains("cursor=");
        browser.click("nav.pager button:first-child");
        browser.until(
            WAIT,
            "the first page again",
            () -> browser.text("table.history tbody tr").equals(firstRow));

        browser.find("#h-since").sendKeys("yesterday", Keys.ENTER);
        browser.until(
            WAIT,
            "the refusal shown",
            () -> browser.find("form.filters .form-error").isDisplayed());
        assertThat(browser.text("form.filters .form-error")).contains("since");
        assertThat(browser.find("#h-since").getAttribute("aria-invalid")).isEqualTo("true");
        browser.find("#h-since").clear();
        browser.find("#h-since").sendKeys(Keys.ENTER);
        browser.until(
            WAIT,
            "the refusal gone",
            () -> !browser.find("form.filters .form-error").isDisplayed());
      }
      if (view.getValue().equals("memory")) {
        assertThat(browser.find("main").getText())
            .contains("cli tool")
            .contains("./mvnw -B verify")
            .contains("Use JSON Lines for every log")
            .contains("fsync the folder after a rename");
      }
      if (view.getValue().equals("store")) {
        browser
            .find("#h-verify")
            .findElement(org.openqa.selenium.By.xpath(".."))
            .findElement(org.openqa.selenium.By.cssSelector("button"))
            .click();
        browser.until(
            WAIT, "the verdict", () -> browser.find(".results .ok").getText().startsWith("Clean"));
        assertThat(browser.find("main").getText()).contains("Writable").contains("yes");
      }
      browser.screenshot(view.getValue());
    }

    browser.driver.manage().window().setSize(new Dimension(390, 844));
    show("/");
    Map<String, Object> size = browser.size();
    assertThat(((Number) size.get("scroll")).longValue())
        .as("no sideways scrolling at phone width")
        .isLessThanOrEqualTo(((Number) size.get("inner")).longValue());
    browser.screenshot("board-phone");
    browser.driver.manage().window().setSize(Browser.DESKTOP);
    show("/");
    browser.screenshot("board");

    browser.get("/swagger-ui.html");
    browser.until(
        WAIT,
        "Swagger UI's title",
        () ->
            browser.all(".info .title").stream()
                .anyMatch(t -> t.getText().startsWith("auto-dev tasks API")));
    List<String> tags =
        browser.until(
            WAIT,
            "the tags",
            () -> {
              List<String> t =
                  browser.all(".opblock-tag").stream()
                      .map(e -> e.getAttribute("data-tag"))
                      .toList();
              return t.size() >= 7 ? t : null;
            });
    assertThat(tags)
        .contains("tasks", "planning", "sessions", "memory", "history", "store", "events");
    browser.screenshot("swagger-ui");

    assertThat(browser.consoleErrors())
        .as("no script error and no Content-Security-Policy violation")
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));
  }

  @Test
  @Order(8)
  void aSignedInStreamThatEndsLeavesNoSecurityErrorBehind(CapturedOutput output) throws Exception {
    Cookie cookie = browser.driver.manage().getCookieNamed("autodev_session");
    int before = feed.subscriberCount();
    int ended = feed.endedCount();
    try (SseClient stream =
        SseClient.open(
            SseClient.http(), port, Map.of("Cookie", cookie.getName() + "=" + cookie.getValue()))) {
      stream.await(e -> e.event().equals("ready"), WAIT, "ready");
      assertThat(feed.subscriberCount()).isEqualTo(before + 1);
    }
    // The next writes to the closed stream fail; the container then ends the request with an
    // async dispatch, which must not be refused as if it were a new, unauthenticated request.
    for (int i = 0; feed.endedCount() == ended; i++) {
      assertThat(i).as("the closed stream ended by the container").isLessThan(500);
      tracker.create(NewTask.named("a write to find the closed stream " + i));
    }
    assertThat(output.getAll())
        .doesNotContain("AuthorizationDeniedException")
        .doesNotContain("Unable to handle the Spring Security Exception");
  }
}
