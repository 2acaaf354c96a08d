package dev.autodev.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * What the process does once Spring is up: run the one command and remember its exit code, or hand
 * the terminal to the interactive shell. Being an {@link ApplicationRunner}, it also makes Spring
 * Shell's own runner (which would ignore the arguments) stand back.
 */
@Component
class AutoDevRunner implements ApplicationRunner {

  private final String mode;
  private final CommandRunner commands;
  private final ObjectProvider<InteractiveShell> shell;
  private final ApplicationContext context;
  private volatile int exitCode = ExitCodes.OK;

  AutoDevRunner(
      @Value("${autodev.run-mode:embedded}") String mode,
      CommandRunner commands,
      ObjectProvider<InteractiveShell> shell,
      ApplicationContext context) {
    this.mode = mode;
    this.context = context;
    this.commands = commands;
    this.shell = shell;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (mode.equals(LaunchMode.ONE_SHOT.wire())) {
      exitCode = runOnce(args.getSourceArgs());
    } else if (mode.equals(LaunchMode.SHELL.wire())) {
      // Spring marks the application ready only after the runners return; the shell never
      // returns while in use, so it declares the API ready to serve before taking the terminal.
      AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
      shell.getObject().run();
    }
  }

  int exitCode() {
    return exitCode;
  }

  /**
   * Output is buffered: on success it goes to stdout, on failure to stderr with the error, so a
   * script reading stdout (with --json) only ever sees a complete document. A command whose result
   * is a verdict of problems ({@code store verify} on a damaged store) still prints that result on
   * stdout and exits non-zero.
   */
  private int runOnce(String[] argv) {
    StringWriter buffer = new StringWriter();
    CommandRunner.Outcome outcome;
    try (PrintWriter out = new PrintWriter(buffer)) {
      outcome = commands.run(Arrays.asList(argv), out);
    }
    PrintStream stdout = utf8(FileDescriptor.out);
    PrintStream stderr = utf8(FileDescriptor.err);
    if (outcome.failed()) {
      (outcome.outputIsResult() ? stdout : stderr).print(buffer);
      stdout.flush();
      stderr.println("error: " + outcome.error());
    } else {
      stdout.print(buffer);
    }
    stdout.flush();
    stderr.flush();
    return outcome.exitCode();
  }

  private static PrintStream utf8(FileDescriptor fd) {
    return new PrintStream(new FileOutputStream(fd), false, StandardCharsets.UTF_8);
  }
}
