package dev.autodev.cli;

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
      // Start-up failed (a refused data folder, say); Spring has already logged the cause.
      return ExitCodes.FAILURE;
    }
    if (mode == LaunchMode.SERVE) {
      announce(context);
      return awaitShutdown(context);
    }
    int code = context.getBean(AutoDevRunner.class).exitCode();
    return SpringApplication.exit(context, () -> code);
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
