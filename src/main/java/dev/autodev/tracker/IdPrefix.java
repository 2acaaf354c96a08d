package dev.autodev.tracker;

import org.jspecify.annotations.Nullable;

/**
 * A task id prefix as bit masks over the id's two halves, so archived ids can be matched in the
 * sidecar columns without turning a million UUIDs into strings.
 */
final class IdPrefix {

  private static final int[] DASHES = {8, 13, 18, 23};

  private final long msbMask;
  private final long msbValue;
  private final long lsbMask;
  private final long lsbValue;

  private IdPrefix(long msbMask, long msbValue, long lsbMask, long lsbValue) {
    this.msbMask = msbMask;
    this.msbValue = msbValue;
    this.lsbMask = lsbMask;
    this.lsbValue = lsbValue;
  }

  /** The prefix of a UUID's text form, or null when no UUID can start with it. */
  static @Nullable IdPrefix of(String prefix) {
    long msbMask = 0;
    long msbValue = 0;
    long lsbMask = 0;
    long lsbValue = 0;
    int nibble = 0;
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (isDashPosition(i)) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int v = Character.digit(c, 16);
      if (v < 0 || nibble >= 32) {
        return null;
      }
      int shift = 60 - 4 * (nibble % 16);
      if (nibble < 16) {
        msbMask |= 0xFL << shift;
        msbValue |= (long) v << shift;
      } else {
        lsbMask |= 0xFL << shift;
        lsbValue |= (long) v << shift;
      }
      nibble++;
    }
    return new IdPrefix(msbMask, msbValue, lsbMask, lsbValue);
  }

  private static boolean isDashPosition(int i) {
    for (int d : DASHES) {
      if (d == i) {
        return true;
      }
    }
    return false;
  }

  boolean matches(long msb, long lsb) {
    return (msb & msbMask) == msbValue && (lsb & lsbMask) == lsbValue;
  }
}
