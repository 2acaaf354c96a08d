package dev.autodev.cli;

import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileModes;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The interactive session: JLine's line editing, completion and history, with commands parsed and
 * run exactly like one-shot commands, so they behave and fail the same way in both.
 */
@Component
@Lazy
class InteractiveShell {

  private final LineReader reader;
  private final CommandRunner commands;
  private final ApplicationContext context;
  private final StorePaths paths;
  private final ObjectProvider<ShellPortFallback> portFallback;

  InteractiveShell(
      LineReader reader,
      CommandRunner commands,
      ApplicationContext context,
      StorePaths paths,
      ObjectProvider<ShellPortFallback> portFallback) {
    this.reader = reader;
    this.commands = commands;
    this.context = context;
    this.paths = paths;
    this.portFallback = portFallback;
  }

  void run() {
    PrintWriter out = reader.getTerminal().writer();
    String tightened = privateHistory();
    out.println("auto-dev tasks — data folder " + paths.home());
    if (tightened != null) {
      out.println(
          "Made "
              + historyFile()
              + " private to you (it was mode "
              + tightened
              + "): it records the commands you type.");
    }
    out.println(apiLine());
    out.println(
        "Type 'help' for the commands, 'task resume' for where you left off, 'exit' to leave.");
    out.flush();
    String prompt =
        new AttributedString("auto-dev> ", AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN))
            .toAnsi(reader.getTerminal());
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue; // Ctrl-C clears the line
      } catch (EndOfFileException e) {
        break; // Ctrl-D or end of piped input
      }
      if (line == null) {
        break;
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.equals("exit") || trimmed.equals("quit")) {
        break;
      }
      List<String> words;
      try {
        words = ShellWords.split(trimmed);
      } catch (UsageException e) {
        error(out, String.valueOf(e.getMessage()));
        continue;
      }
      CommandRunner.Outcome outcome = commands.run(words, out);
      if (outcome.failed()) {
        error(out, outcome.error());
      }
      out.flush();
    }
    out.println("Bye.");
    out.flush();
  }

  /**
   * The history records every command typed, values included ({@code memory set apikey …}), and
   * JLine creates and appends to it with the process's umask (0644, or 0666 under umask 000). So
   * before the first line is read it is created owner-only, or an existing one made so, like every
   * store file.
   *
   * @return the mode an existing history had when it had to be tightened, else null
   */
  private @Nullable String privateHistory() {
    Path file = historyFile();
    if (file == null) {
      return null;
    }
    try {
      return StoreFileModes.ownerOnly(file);
    } catch (IOException e) {
      throw StoreException.io(file, "make private", e);
    }
  }

  private @Nullable Path historyFile() {
    Object file = reader.getVariable(LineReader.HISTORY_FILE);
    if (file == null) {
      return null;
    }
    return file instanceof Path p ? p : Path.of(file.toString());
  }

  private void error(PrintWriter out, String message) {
    out.println(
        new AttributedString(
                "error: " + message, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
            .toAnsi(reader.getTerminal()));
  }

  private String apiLine() {
    if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
      return "REST API: off";
    }
    int port = web.getWebServer().getPort();
    ShellPortFallback fallback = portFallback.getIfAvailable();
    String note =
        fallback != null && fallback.refusedPort() > 0
            ? " (port " + fallback.refusedPort() + " was taken by another process)"
            : "";
    return "REST API, web board and Actuator on http://127.0.0.1:" + port + note;
  }
}
