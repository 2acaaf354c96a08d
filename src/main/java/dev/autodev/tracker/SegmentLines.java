package dev.autodev.tracker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a block's bytes into its lines, without decoding them. A last line with no newline is kept
 * apart: in the open segment it is a write that was never acknowledged.
 */
public final class SegmentLines {

  private final List<byte[]> lines;
  private final boolean lastTerminated;

  private SegmentLines(List<byte[]> lines, boolean lastTerminated) {
    this.lines = lines;
    this.lastTerminated = lastTerminated;
  }

  public static SegmentLines split(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    boolean terminated = start == bytes.length;
    if (!terminated) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return new SegmentLines(lines, terminated);
  }

  /** Every line, the unterminated last one included. */
  public List<byte[]> all() {
    return lines;
  }

  /** Whether line {@code i} ended with a newline. */
  public boolean terminated(int i) {
    return lastTerminated || i < lines.size() - 1;
  }

  public int size() {
    return lines.size();
  }
}
