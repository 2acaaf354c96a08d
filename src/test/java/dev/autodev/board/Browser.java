package dev.autodev.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver: nothing is
 * downloaded (both paths are given, so Selenium Manager never runs). {@code .ci/run} installs the
 * two packages; without them the browser tests fail with a message saying so.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "board-screenshots");
  static final Dimension DESKTOP = new Dimension(1400, 950);

  final ChromeDriver driver;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  static Browser open(int port) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "The browser tests need Debian's Chromium and its driver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": run 'apt-get install -y chromium chromium-driver' (.ci/run does)");
    }
    Path profile = Files.createTempDirectory("board-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, profile, "http://127.0.0.1:" + port);
  }

  void get(String path) {
    driver.get(base + path);
  }

  String path() {
    String url = driver.getCurrentUrl();
    return url == null ? "" : url.substring(base.length());
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Waits, checking every 20 ms, until {@code condition} gives a value (not null, not false). An
   * element that is missing, or was replaced by a live redraw while the condition used it, just
   * means "not yet".
   */
  <T> T until(Duration timeout, String what, Supplier<T> condition) {
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(20))
          .ignoring(StaleElementReferenceException.class)
          .withMessage(() -> what + " (at " + path() + ")")
          .until(d -> condition.get());
    } catch (TimeoutException e) {
      // What the page showed, for whoever reads the failure: a screenshot and the console.
      try {
        Path shot = screenshot("failed-" + System.currentTimeMillis());
        throw new AssertionError(
            e.getMessage() + "\nscreenshot: " + shot + "\nconsole: " + consoleErrors(), e);
      } catch (IOException io) {
        e.addSuppressed(io);
        throw e;
      }
    }
  }

  /** Clicks the element {@code css} names, as soon as it is there (live redraws replace it). */
  void click(String css) {
    until(
        Duration.ofSeconds(10),
        "something to click at " + css,
        () -> {
          find(css).click();
          return true;
        });
  }

  /** The text of the element {@code css} names, as soon as it is there. */
  String text(String css) {
    return until(Duration.ofSeconds(10), "the text of " + css, () -> find(css).getText());
  }

  /** Presses keys on whatever has the keyboard focus. */
  void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** The focused element's value of {@code attribute}. */
  String focused(String attribute) {
    return String.valueOf(
        js("return document.activeElement.getAttribute(arguments[0])", attribute));
  }

  /** Waits until a view finished drawing: no busy main, the stream live. */
  void settled() {
    until(
        Duration.ofSeconds(15),
        "the view drawn and the stream live",
        () ->
            Boolean.TRUE.equals(
                js(
                    "return !document.querySelector('main[aria-busy]')"
                        + " && document.getElementById('live').dataset.state === 'live'")));
  }

  /** A screenshot of the whole page, under target/board-screenshots/NAME.png. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Dimension before = driver.manage().window().getSize();
    long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
    int full = (int) Math.min(4000, Math.max(before.getHeight(), height + 120));
    driver.manage().window().setSize(new Dimension(before.getWidth(), full));
    try {
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
      return target;
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  /** Severe entries of the browser console since the last call. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /**
   * Controls a keyboard or screen-reader user could not name: buttons without text or label, form
   * fields without a label, images without alt.
   */
  @SuppressWarnings("unchecked")
  List<String> unlabelled() {
    return (List<String>)
        js(
            """
            const out = [];
            const named = (el) => (el.getAttribute('aria-label') || '').trim()
              || (el.getAttribute('aria-labelledby') || '').trim()
              || (el.labels && el.labels.length > 0);
            for (const b of document.querySelectorAll('button')) {
              if (b.offsetParent !== null && !b.textContent.trim() && !named(b)) out.push(b.outerHTML);
            }
            for (const f of document.querySelectorAll('input, select, textarea')) {
              if (f.type !== 'hidden' && f.offsetParent !== null && !named(f)) out.push(f.outerHTML);
            }
            for (const i of document.querySelectorAll('img')) {
              if (!i.hasAttribute('alt')) out.push(i.outerHTML);
            }
            for (const a of document.querySelectorAll('a[href]')) {
              if (!a.textContent.trim() && !named(a)) out.push(a.outerHTML);
            }
            return out;""");
  }

  Map<String, Object> size() {
    return Map.of(
        "scroll",
        js("return document.documentElement.scrollWidth"),
        "inner",
        js("return window.innerWidth"));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // Chromium may still be removing its own files; the folder is a temp folder anyway
      }
    }
  }
}
