package dev.autodev.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * A JSON Lines file that only grows: durable appends, a rollback that cuts back to a known size,
 * and reading the newest lines from the end without scanning the whole file.
 */
public final class AppendOnlyFile {

  private static final int TAIL_CHUNK = 64 * 1024;

  private final Path path;
  private final StoreFileSystem fs;

  public AppendOnlyFile(Path path, StoreFileSystem fs) {
    this.path = path;
    this.fs = fs;
  }

  public Path path() {
    return path;
  }

  /** Current size in bytes, 0 when the file does not exist. */
  public long size() {
    try {
      return Files.size(path);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw StoreException.io(path, "read the size of", e);
    }
  }

  /** Appends whole lines and fsyncs them; the caller holds the store lock. */
  public void append(byte[] lines) {
    try {
      fs.append(path, lines, true);
    } catch (IOException e) {
      throw StoreException.io(path, "append to", e);
    }
  }

  /** Cuts the file back to {@code size} bytes (a rollback, or dropping a torn last line). */
  public void truncate(long size) {
    try {
      if (Files.exists(path)) {
        fs.truncate(path, size);
      }
    } catch (IOException e) {
      throw StoreException.io(path, "truncate", e);
    }
  }

  /**
   * Reads complete lines from the end backwards until {@code olderThanNeeded} accepts one (which is
   * not returned), and returns the newer ones in file order.
   */
  public Tail readTail(Predicate<byte[]> olderThanNeeded) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      long window = Math.min(size, TAIL_CHUNK);
      while (true) {
        byte[] bytes = new byte[(int) window];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long from = size - window;
        while (buffer.hasRemaining()) {
          if (ch.read(buffer, from + buffer.position()) < 0) {
            break;
          }
        }
        Tail tail = split(bytes, from, size, olderThanNeeded);
        if (tail != null) {
          return tail;
        }
        if (window == size) {
          throw new IllegalStateException("unreachable: whole file read");
        }
        window = Math.min(size, window * 4);
      }
    } catch (NoSuchFileException e) {
      return new Tail(List.of(), 0, -1, 0);
    } catch (IOException e) {
      throw StoreException.io(path, "read", e);
    }
  }

  /** Splits a window ending at EOF; null when it does not reach back far enough. */
  private static Tail split(byte[] bytes, long from, long size, Predicate<byte[]> olderThanNeeded) {
    int end = bytes.length;
    long tornOffset = -1;
    if (end > 0 && bytes[end - 1] != '\n') {
      int nl = lastIndexOf(bytes, end - 1);
      tornOffset = from + nl + 1;
      end = nl + 1;
      if (nl < 0 && from > 0) {
        return null;
      }
    }
    List<byte[]> newestFirst = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    int lineEnd = end - 1; // index of the '\n' closing the current line
    while (lineEnd >= 0) {
      int nl = lastIndexOf(bytes, lineEnd - 1);
      if (nl < 0 && from > 0) {
        return null; // the line may start before the window
      }
      byte[] line = Arrays.copyOfRange(bytes, nl + 1, lineEnd);
      if (olderThanNeeded.test(line)) {
        break;
      }
      newestFirst.add(line);
      offsets.add(from + nl + 1);
      lineEnd = nl;
    }
    Collections.reverse(newestFirst);
    long firstOffset = offsets.isEmpty() ? from + end : offsets.get(offsets.size() - 1);
    return new Tail(List.copyOf(newestFirst), firstOffset, tornOffset, size);
  }

  private static int lastIndexOf(byte[] bytes, int fromIndex) {
    for (int i = fromIndex; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The newest complete lines of the file, in file order, the offset where the first of them
   * starts, the offset of a torn last line (-1 when the file ends with a newline), and the size.
   */
  public record Tail(List<byte[]> lines, long firstOffset, long tornOffset, long size) {
    public boolean torn() {
      return tornOffset >= 0;
    }
  }
}
