package dev.autodev.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * A one-shot command needs no web server, Actuator or metrics, and every millisecond of start-up is
 * paid on each command: in one-shot mode only the auto-configurations a command uses are considered
 * (properties, Jackson, validation, Spring Shell). The shell and the server get all. It runs before
 * Spring Boot's own filters, so the auto-configurations it drops are not even probed for their
 * classes (Spring Security, Actuator and Micrometer classes stay unloaded).
 */
public final class OneShotAutoConfigurationFilter
    implements AutoConfigurationImportFilter, EnvironmentAware, PriorityOrdered {

  private static final List<String> ONE_SHOT_PREFIXES =
      List.of(
          "org.springframework.boot.autoconfigure.context.",
          "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
          "org.springframework.shell.");

  private @Nullable Environment environment;

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public boolean[] match(
      @Nullable String[] autoConfigurationClasses,
      AutoConfigurationMetadata autoConfigurationMetadata) {
    boolean oneShot =
        environment != null
            && LaunchMode.ONE_SHOT.wire().equals(environment.getProperty("autodev.run-mode"));
    boolean[] matches = new boolean[autoConfigurationClasses.length];
    for (int i = 0; i < autoConfigurationClasses.length; i++) {
      String name = autoConfigurationClasses[i];
      matches[i] =
          !oneShot || (name != null && ONE_SHOT_PREFIXES.stream().anyMatch(name::startsWith));
    }
    return matches;
  }
}
