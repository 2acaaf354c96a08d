package dev.autodev.support;

import dev.autodev.AutoDevApplication;
import dev.autodev.cli.LaunchMode;
import dev.autodev.cli.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Child main: runs one-shot commands exactly as {@code java -jar auto-dev.jar …} does ({@link
 * Launcher} in one-shot mode: a fresh lazily started context per command, output on the real stdout
 * and stderr), many in one JVM so that each costs a context start rather than a JVM start. Reads
 * one command a line from stdin — the data folder, then the words, separated by tabs — and after
 * each prints {@link #END} and the exit code on stdout and on stderr.
 */
public final class OneShotLoop {

  /** Ends a command's output: {@code END} followed by its exit code. */
  public static final String END = "@@end-of-command ";

  private OneShotLoop() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.split("\t", -1);
      System.setProperty("autodev.home", parts[0]);
      int code =
          Launcher.launch(
              AutoDevApplication.class,
              LaunchMode.ONE_SHOT,
              Arrays.copyOfRange(parts, 1, parts.length));
      out.println(END + code);
      System.err.println(END + code);
      System.err.flush();
    }
  }

  /** What one command printed and its exit code. */
  public record Ran(int exitCode, String out, String err) {}

  /**
   * Runs the commands (each: data folder, then words) in the child, waits for it, and returns what
   * each printed, in order.
   */
  public static List<Ran> run(ChildJvm child, List<List<String>> commands)
      throws InterruptedException {
    for (List<String> c : commands) {
      child.send(String.join("\t", c));
    }
    child.closeInput();
    int exit = child.waitFor(Duration.ofMinutes(5));
    if (exit != 0) {
      throw new AssertionError("the command loop exited " + exit + ":\n" + child.stderr());
    }
    List<String> outs = split(child.stdout());
    List<String> errs = split(child.stderr());
    List<Ran> ran = new ArrayList<>();
    for (int i = 0; i < outs.size(); i++) {
      String o = outs.get(i);
      int at = o.lastIndexOf(END);
      int code = Integer.parseInt(o.substring(at + END.length()).strip());
      String e = i < errs.size() ? errs.get(i) : "";
      ran.add(new Ran(code, o.substring(0, at), e.substring(0, Math.max(0, e.lastIndexOf(END)))));
    }
    if (ran.size() != commands.size()) {
      throw new AssertionError(
          "ran " + ran.size() + " of " + commands.size() + " commands:\n" + child.stderr());
    }
    return ran;
  }

  /** Splits output into the parts each ending with an END line (the marker line included). */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String l : text.split("\n", -1)) {
      part.append(l).append('\n');
      if (l.startsWith(END)) {
        parts.add(part.toString());
        part.setLength(0);
      }
    }
    return parts;
  }
}
