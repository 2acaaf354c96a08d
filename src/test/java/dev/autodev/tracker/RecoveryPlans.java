package dev.autodev.tracker;

import java.nio.file.Path;

/**
 * What the automatic recovery would load from a data folder, worked out without changing a file
 * (the loader's plan), for tests outside the tracker package.
 */
public final class RecoveryPlans {

  private RecoveryPlans() {}

  /** The state recovery would arrive at in {@code home}. */
  public static TrackerState planned(Path home) {
    return StateLoader.forFolder(home).plan().state();
  }
}
