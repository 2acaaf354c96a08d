package dev.autodev;

import dev.autodev.cli.LaunchMode;
import dev.autodev.cli.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * auto-dev tasks: one jar, three ways in. No arguments opens the interactive shell (with the REST
 * API on loopback), {@code serve} runs the REST API and Actuator only, anything else runs one
 * command and exits with its status.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AutoDevApplication {

  public static void main(String[] args) {
    System.exit(Launcher.launch(AutoDevApplication.class, LaunchMode.of(args), args));
  }
}
