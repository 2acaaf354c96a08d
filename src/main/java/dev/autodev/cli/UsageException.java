package dev.autodev.cli;

/** The command line itself is wrong; exit code 2, nothing was run. */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
