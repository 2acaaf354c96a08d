package dev.autodev.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into lines without decoding it, so checksums are computed over the exact
 * bytes on disk and a huge file is read with a small, fixed buffer.
 */
public final class LineReader implements AutoCloseable {

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean lastLineTerminated = true;
  private long offset;

  public LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next line without its newline, or null at the end. A final line with no newline is returned
   * too; {@link #lastLineTerminated()} then reports false.
   */
  public byte @Nullable [] next() throws IOException {
    byte[] acc = null;
    int accLen = 0;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (acc == null) {
            return null;
          }
          lastLineTerminated = false;
          return Arrays.copyOf(acc, accLen);
        }
      }
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buffer[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      int len = end - pos;
      if (acc == null) {
        acc = new byte[Math.max(len, 128)];
      } else if (accLen + len > acc.length) {
        acc = Arrays.copyOf(acc, Math.max(acc.length * 2, accLen + len));
      }
      System.arraycopy(buffer, pos, acc, accLen, len);
      accLen += len;
      offset += len;
      pos = end;
      if (nl >= 0) {
        pos++;
        offset++;
        lastLineTerminated = true;
        return Arrays.copyOf(acc, accLen);
      }
    }
  }

  /** Bytes consumed so far, including newlines: the offset where the next line starts. */
  public long offset() {
    return offset;
  }

  /** False when the line last returned ended at end of file without a newline. */
  public boolean lastLineTerminated() {
    return lastLineTerminated;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
