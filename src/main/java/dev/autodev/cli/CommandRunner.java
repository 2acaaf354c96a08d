package dev.autodev.cli;

import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.tracker.TrackerException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.stereotype.Component;

/**
 * Runs one command through Spring Shell's registry and executor and reduces whatever happened to an
 * exit code and one clear error line, for the one-shot runner and the interactive shell alike.
 */
@Component
public class CommandRunner {

  /**
   * The result of one command: its exit code, the error line when it failed, and whether what it
   * printed is its result even so (a report with problems in it) rather than partial output.
   */
  public record Outcome(int exitCode, String error, boolean outputIsResult) {
    Outcome(int exitCode, String error) {
      this(exitCode, error, false);
    }

    static Outcome ok() {
      return new Outcome(ExitCodes.OK, "");
    }

    public boolean failed() {
      return exitCode != ExitCodes.OK;
    }
  }

  private final CommandLineParser parser;
  private final CommandRegistry registry;

  public CommandRunner(CommandLineParser parser, CommandRegistry registry) {
    this.parser = parser;
    this.registry = registry;
  }

  /** Parses and runs {@code words}; command output goes to {@code out}. */
  public Outcome run(List<String> words, PrintWriter out) {
    ParsedInput input;
    try {
      input = parser.parse(words);
    } catch (UsageException e) {
      return new Outcome(ExitCodes.USAGE, String.valueOf(e.getMessage()));
    }
    try {
      ExitStatus status =
          new CommandExecutor(registry)
              .execute(new CommandContext(input, registry, out, new InputReader() {}));
      out.flush();
      if (status.code() == ExitStatus.OK.code()) {
        return Outcome.ok();
      }
      if (status.code() == ExitStatus.USAGE_ERROR.code()) {
        return new Outcome(ExitCodes.USAGE, "invalid arguments (see above)");
      }
      return new Outcome(ExitCodes.FAILURE, status.description());
    } catch (CommandNotFoundException e) {
      return new Outcome(ExitCodes.USAGE, "unknown command '" + e.getCommandName() + "'");
    } catch (RuntimeException e) {
      out.flush();
      return describe(e);
    }
  }

  /** Finds the meaningful cause of a failed command and turns it into an exit code and message. */
  static Outcome describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TrackerException te) {
        int code =
            te.kind() == TrackerException.Kind.BAD_INPUT ? ExitCodes.USAGE : ExitCodes.FAILURE;
        return new Outcome(code, String.valueOf(te.getMessage()), te.outputIsResult());
      }
      if (t instanceof StoreException se && se.code() == StoreErrorCode.READ_ONLY) {
        // Not a failure of the store: its message says which store, why, and that reads work.
        return new Outcome(ExitCodes.FAILURE, String.valueOf(se.getMessage()));
      }
      if (t instanceof StoreException se) {
        return new Outcome(
            ExitCodes.FAILURE,
            "storage error ("
                + se.code().name().toLowerCase(java.util.Locale.ROOT)
                + "): "
                + se.getMessage());
      }
      if (t instanceof UsageException ue) {
        return new Outcome(ExitCodes.USAGE, String.valueOf(ue.getMessage()));
      }
      if (t instanceof ConversionException ce) {
        Throwable root = ce.getMostSpecificCause();
        return new Outcome(ExitCodes.USAGE, "invalid value: " + root.getMessage());
      }
      if (t.getCause() == null
          || (t instanceof InvocationTargetException ite && ite.getCause() == null)) {
        break;
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new Outcome(
        ExitCodes.FAILURE,
        "internal error: " + root.getClass().getSimpleName() + ": " + root.getMessage());
  }
}
