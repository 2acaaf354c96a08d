package dev.autodev.cli;

/** How the process was started, decided from the arguments before Spring starts. */
public enum LaunchMode {
  /** No arguments: the interactive shell, with the REST API listening on loopback. */
  SHELL("shell"),
  /** {@code serve}: the REST API and Actuator only. */
  SERVE("serve"),
  /** Anything else: run one command, print, exit with its status. */
  ONE_SHOT("one-shot");

  private final String wire;

  LaunchMode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean web() {
    return this != ONE_SHOT;
  }

  public static LaunchMode of(String[] args) {
    if (args.length == 0) {
      return SHELL;
    }
    if (args.length == 1 && args[0].equals("serve")) {
      return SERVE;
    }
    return ONE_SHOT;
  }
}
