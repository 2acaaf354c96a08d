package dev.autodev.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Spring in the shape the mode needs: no web server and lazy beans for a one-shot command, a
 * web server beside the shell, the web server alone for {@code serve}. Command-line arguments are
 * never read as Spring properties, so {@code task create --spring.x} stays a command.
 */
public final class Launcher {

  private static final String PREINITIALIZER_IGNORE = "spring.backgroundpreinitializer.ignore";

  private Launcher() {}

  /** Runs the application and returns the process exit code. */
  public static int launch(Class<?> source, LaunchMode mode, String[] args) {
    if (mode == LaunchMode.ONE_SHOT && System.getProperty(PREINITIALIZER_IGNORE) == null) {
      // Boot warms up validation, message converters and Jackson on a background thread; a
      // one-shot command mostly never uses them, and the thread competes with the command for the
      // cores (about 40 ms of a ~1 s command on two cores).
      System.setProperty(PREINITIALIZER_IGNORE, "true");
    }
    SpringApplication app = new SpringApplication(source);
    app.setAddCommandLineProperties(false);
    app.setBannerMode(Banner.Mode.OFF);
    app.setWebApplicationType(mode.web() ? WebApplicationType.SERVLET : WebApplicationType.NONE);
    app.setLazyInitialization(mode == LaunchMode.ONE_SHOT);
    app.setLogStartupInfo(mode == LaunchMode.SERVE);
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("autodev.run-mode", mode.wire());
    app.setDefaultProperties(defaults);
    ConfigurableApplicationContext context;
    try {
      context = app.run(args);
    } catch (SpringApplication.AbandonedRunException e) {
      throw e; // build-time AOT processing stops the run on purpose
    } catch (RuntimeException e) {
      // Start-up failed (a data folder that cannot be created, a file a newer auto-dev wrote, a
      // setting that does not parse): one line says why. Spring's own report of it is switched off
      // in application.properties; AUTODEV_DEBUG=true asks for the stack trace as well.
      reportFailedStart(e);
      return ExitCodes.FAILURE;
    }
    if (mode == LaunchMode.SERVE) {
      announce(context);
      return awaitShutdown(context);
    }
    int code = context.getBean(AutoDevRunner.class).exitCode();
    return SpringApplication.exit(context, () -> code);
  }

  private static void reportFailedStart(RuntimeException e) {
    PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    stderr.println("error: " + StartupFailure.describe(e));
    if (debug()) {
      e.printStackTrace(stderr);
    }
    stderr.flush();
  }

  /** Whether the user asked for stack traces: {@code AUTODEV_DEBUG} or {@code -Dautodev.debug}. */
  private static boolean debug() {
    String value = System.getProperty("autodev.debug", System.getenv("AUTODEV_DEBUG"));
    return value != null && !value.isBlank() && !value.equalsIgnoreCase("false");
  }

  private static void announce(ConfigurableApplicationContext context) {
    String where =
        context instanceof WebServerApplicationContext web && web.getWebServer() != null
            ? "http://127.0.0.1:" + web.getWebServer().getPort()
            : "(no web server)";
    String home = context.getEnvironment().getProperty("autodev.home", ".auto-dev");
    System.out.println(
        "auto-dev serving the REST API, the web board and Actuator on "
            + where
            + " for data folder "
            + java.nio.file.Path.of(home).toAbsolutePath().normalize()
            + "; stop with Ctrl-C or SIGTERM");
    System.out.flush();
  }

  private static int awaitShutdown(ConfigurableApplicationContext context) {
    // The embedded server's non-daemon threads keep the JVM alive; Spring's shutdown hook
    // closes the context on SIGTERM or Ctrl-C. Exit 0 unless start-up failed above.
    while (context.isActive()) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return ExitCodes.OK;
  }
}
