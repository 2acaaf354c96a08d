package dev.autodev.tracker;

import org.jspecify.annotations.Nullable;

/**
 * One thing {@code store verify} found: the file, what is wrong, what it means for the user, and
 * what {@code store repair} will do about it ({@code null} when repair cannot fix it and the file
 * is refused as it is).
 */
public record StoreFinding(String file, String problem, String meaning, @Nullable String repair) {

  /** Whether {@code store repair} has a fix for this finding. */
  public boolean repairable() {
    return repair != null;
  }
}
