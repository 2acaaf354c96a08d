package dev.autodev.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real child JVM on this build's classpath: for multi-process tests and for SIGKILL tests. Its
 * stdout lines are collected as they arrive, so a test can wait for a line instead of sleeping.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> errQueue = new LinkedBlockingQueue<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread outReader;
  private final Thread errReader;

  private ChildJvm(Process process) {
    this.process = process;
    this.outReader = pump(process.getInputStream(), true);
    this.errReader = pump(process.getErrorStream(), false);
  }

  /** Starts {@code mainClass} with {@code -Dautodev.home=home} and the given arguments. */
  public static ChildJvm start(Path home, Class<?> mainClass, String... args) {
    return start(home, List.of(), mainClass.getName(), args);
  }

  public static ChildJvm start(
      Path home, List<String> jvmOptions, String mainClass, String... args) {
    return startUnder(List.of(), home, jvmOptions, mainClass, args);
  }

  /**
   * Starts the child under a wrapper command ({@code setpriv …}, {@code unshare …}) that changes
   * what the process may do before it runs java.
   */
  public static ChildJvm startUnder(
      List<String> wrapper, Path home, List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx256m");
    command.add("-Dautodev.home=" + home);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.directory(home.getParent().toFile());
      return new ChildJvm(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("could not start a child JVM", e);
    }
  }

  private Thread pump(java.io.InputStream stream, boolean out) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (out) {
                    lines.add(line);
                    queue.add(line);
                  } else {
                    synchronized (stderr) {
                      stderr.append(line).append('\n');
                    }
                    errQueue.add(line);
                  }
                }
              } catch (IOException e) {
                // the process was killed: its pipes close under us
              }
            },
            out ? "child-stdout" : "child-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits for the next stdout line, or fails after {@code timeout}. */
  public String nextLine(Duration timeout) throws InterruptedException {
    String line = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError(
          "child printed nothing within "
              + timeout
              + "; alive="
              + process.isAlive()
              + "; stderr:\n"
              + stderr());
    }
    return line;
  }

  /**
   * Waits for a stderr line (where the application logs) matching {@code pattern}, and returns its
   * match; fails after {@code timeout}.
   */
  public Matcher awaitStderr(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = errQueue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            "child logged no line matching "
                + pattern
                + " within "
                + timeout
                + "; alive="
                + process.isAlive()
                + "; stderr:\n"
                + stderr());
      }
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m;
      }
    }
  }

  /** SIGTERM: the JVM runs its shutdown hooks, as when a service manager stops it. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return waitFor(timeout);
  }

  /** Waits until the child exits and its output is fully read; returns the exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child did not exit within " + timeout + "; stderr:\n" + stderr());
    }
    outReader.join(5_000);
    errReader.join(5_000);
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hooks, no flushing, exactly like a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    outReader.join(5_000);
  }

  /** Writes one line to the child's stdin. */
  public void send(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new IllegalStateException("child stdin closed", e);
    }
  }

  /** Closes the child's stdin (end of input). */
  public void closeInput() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already closed
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Every stdout line received so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String stdout() {
    return String.join("\n", lines);
  }

  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
