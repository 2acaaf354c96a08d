package dev.autodev.support;

import dev.autodev.cli.CommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * Runs commands in-process through the application's own parser and runner, exactly as a one-shot
 * command or the shell does, and keeps what they printed and their exit code.
 */
public final class Commands {

  private final CommandRunner runner;

  public Commands(CommandRunner runner) {
    this.runner = runner;
  }

  /** What a command printed, its exit code, and its error line (empty when it succeeded). */
  public record Result(int exitCode, String out, String error) {}

  public Result run(String... words) {
    StringWriter buffer = new StringWriter();
    CommandRunner.Outcome outcome;
    try (PrintWriter out = new PrintWriter(buffer)) {
      outcome = runner.run(List.of(words), out);
    }
    return new Result(outcome.exitCode(), buffer.toString(), outcome.error());
  }

  /** Runs a command that must succeed, and returns its output. */
  public String ok(String... words) {
    Result r = run(words);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", words) + " exited " + r.exitCode() + ": " + r.error() + "\n" + r.out());
    }
    return r.out();
  }
}
