package dev.autodev.storecheck;

import dev.autodev.tracker.TrackerException;

/**
 * A store check or repair that ended with problems left: the command has printed the details, and
 * this makes it exit with status 1.
 */
public class StoreNotCleanException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public StoreNotCleanException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }

  /** The report printed before is the command's result: with --json, one document on stdout. */
  @Override
  public boolean outputIsResult() {
    return true;
  }
}
