package dev.autodev.cli;

/** The process exit codes of a one-shot command. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command was understood but failed: unknown task, refused transition, storage error. */
  public static final int FAILURE = 1;

  /** The command line was wrong: unknown command or option, missing or malformed value. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
