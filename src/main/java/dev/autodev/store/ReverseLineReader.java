package dev.autodev.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads the complete lines of a file from the end towards the start, a chunk at a time, so the
 * newest lines of an append-only file are found without reading the rest. A last line without a
 * newline (a torn write) is skipped.
 */
public final class ReverseLineReader implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  private final FileChannel channel;
  private byte[] buffer = new byte[0];
  private int bufferEnd; // bytes [0, bufferEnd) of buffer hold file bytes [filePos, filePos + end)
  private long filePos;
  private long lineStart = -1;

  /** Opens {@code file}, positioned at its end. */
  public ReverseLineReader(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    this.filePos = size;
    // Skip a torn tail: only lines that end with a newline were ever acknowledged.
    while (filePos > 0) {
      fill();
      int nl = lastNewline(bufferEnd - 1);
      if (nl >= 0) {
        bufferEnd = nl + 1;
        break;
      }
      if (filePos == 0) {
        bufferEnd = 0;
      }
    }
  }

  /** The previous complete line without its newline, or null at the start of the file. */
  public byte @Nullable [] previous() throws IOException {
    // Invariant: file bytes [filePos, filePos + bufferEnd) are buffered and end with '\n' (or are
    // empty at the very end), and nothing after them is left to return.
    while (true) {
      if (bufferEnd > 0) {
        int nl = lastNewline(bufferEnd - 2);
        if (nl >= 0 || filePos == 0) {
          int start = nl + 1;
          byte[] line = Arrays.copyOfRange(buffer, start, bufferEnd - 1);
          lineStart = filePos + start;
          bufferEnd = start;
          return line;
        }
      } else if (filePos == 0) {
        return null;
      }
      fill();
    }
  }

  /** Where the line last returned starts in the file. */
  public long lineStart() {
    return lineStart;
  }

  private void fill() throws IOException {
    int chunk = (int) Math.min(CHUNK, filePos);
    byte[] next = new byte[chunk + bufferEnd];
    System.arraycopy(buffer, 0, next, chunk, bufferEnd);
    ByteBuffer dst = ByteBuffer.wrap(next, 0, chunk);
    long from = filePos - chunk;
    while (dst.hasRemaining()) {
      if (channel.read(dst, from + dst.position()) < 0) {
        throw new IOException("file shrank while being read");
      }
    }
    buffer = next;
    bufferEnd = next.length;
    filePos = from;
  }

  private int lastNewline(int from) {
    for (int i = from; i >= 0; i--) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
