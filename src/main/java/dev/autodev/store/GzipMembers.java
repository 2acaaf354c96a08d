package dev.autodev.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A gzip file as a sequence of independent members (RFC 1952 allows any number, and {@code zcat} or
 * {@link java.util.zip.GZIPInputStream} read them as one stream). Writing each block of lines as
 * its own member lets a reader that knows a member's offset decompress just that block, in any
 * order and on any core, instead of inflating the file from the start.
 */
public final class GzipMembers {

  private static final int FTEXT_HCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff
  }; // deflate, no flags, no mtime, unknown OS: identical input gives identical bytes

  private GzipMembers() {}

  /** One complete gzip member holding {@code data[offset, offset + length)}. */
  public static byte[] compress(byte[] data, int offset, int length, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(data, offset, length);
      deflater.finish();
      byte[] out = new byte[HEADER.length + length / 2 + 64];
      System.arraycopy(HEADER, 0, out, 0, HEADER.length);
      int pos = HEADER.length;
      while (!deflater.finished()) {
        if (pos == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        pos += deflater.deflate(out, pos, out.length - pos);
      }
      CRC32 crc = new CRC32();
      crc.update(data, offset, length);
      out = Arrays.copyOf(out, pos + 8);
      putIntLe(out, pos, (int) crc.getValue());
      putIntLe(out, pos + 4, length);
      return out;
    } finally {
      deflater.end();
    }
  }

  /**
   * Reads the member stored at {@code offset} ({@code length} bytes) and returns its content,
   * checked against the member's CRC-32 and size.
   */
  public static byte[] read(Path file, long offset, int length) throws IOException {
    byte[] member = new byte[length];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(member);
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, offset + buffer.position()) < 0) {
          throw new Corrupt(file + ": member at " + offset + " runs past the end of the file");
        }
      }
    }
    // The trailer's ISIZE is the content's size (mod 2^32): inflate straight into an exact buffer.
    int size = length >= 18 ? getIntLe(member, length - 4) : -1;
    Member m = decompress(member, 0, member.length, file, size);
    if (m.consumed() != length) {
      throw new Corrupt(file + ": member at " + offset + " is not " + length + " bytes long");
    }
    return m.content();
  }

  /** The content of one member and how many bytes of input it took. */
  public static final class Member {
    private final byte[] content;
    private final int consumed;

    Member(byte[] content, int consumed) {
      this.content = content;
      this.consumed = consumed;
    }

    /** The decompressed bytes (not copied: the caller owns them). */
    public byte[] content() {
      return content;
    }

    public int consumed() {
      return consumed;
    }
  }

  /** Decompresses the member that starts at {@code buf[offset]}, verifying its trailer. */
  public static Member decompress(byte[] buf, int offset, int length, Path file) throws Corrupt {
    return decompress(buf, offset, length, file, -1);
  }

  private static Member decompress(byte[] buf, int offset, int length, Path file, int sizeHint)
      throws Corrupt {
    int end = offset + length;
    int pos = headerEnd(buf, offset, end, file);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(buf, pos, end - pos);
      boolean exact = sizeHint >= 0 && sizeHint <= (1 << 28);
      byte[] out = new byte[exact ? Math.max(1, sizeHint) : Math.max(256, (end - pos) * 4)];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new Truncated(file + ": gzip member at " + offset + " is truncated");
        }
        n += got;
      }
      int trailer = end - inflater.getRemaining();
      if (trailer + 8 > end) {
        throw new Truncated(file + ": gzip member at " + offset + " has no trailer");
      }
      CRC32 crc = new CRC32();
      crc.update(out, 0, n);
      if (getIntLe(buf, trailer) != (int) crc.getValue() || getIntLe(buf, trailer + 4) != n) {
        throw new Corrupt(file + ": gzip member at " + offset + " fails its CRC-32 or size check");
      }
      return new Member(n == out.length ? out : Arrays.copyOf(out, n), trailer + 8 - offset);
    } catch (DataFormatException e) {
      throw new Corrupt(file + ": gzip member at " + offset + " is damaged: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  /** Receives each member of a file in order: its offset, compressed length and content. */
  @FunctionalInterface
  public interface MemberVisitor {
    void visit(long offset, int length, byte[] content) throws IOException;
  }

  /**
   * Walks every member of a gzip stream in order, checking each trailer. Used to verify a freshly
   * written file and to rebuild a lost member table. One member is held in memory at a time, so a
   * file written elsewhere as one huge member costs as much memory as its content.
   */
  public static void forEach(InputStream in, Path file, MemberVisitor visitor) throws IOException {
    byte[] buf = new byte[1 << 16];
    int len = 0;
    long base = 0;
    boolean eof = false;
    while (true) {
      while (!eof && len < buf.length) {
        int n = in.read(buf, len, buf.length - len);
        if (n < 0) {
          eof = true;
        } else {
          len += n;
        }
      }
      if (len == 0) {
        return;
      }
      Member m;
      try {
        m = decompress(buf, 0, len, file);
      } catch (Truncated e) {
        if (eof) {
          throw e;
        }
        buf = Arrays.copyOf(buf, buf.length * 2); // the member is longer than the window
        continue;
      }
      visitor.visit(base, m.consumed(), m.content());
      base += m.consumed();
      System.arraycopy(buf, m.consumed(), buf, 0, len - m.consumed());
      len -= m.consumed();
    }
  }

  private static int headerEnd(byte[] b, int offset, int end, Path file) throws Corrupt {
    if (end - offset < 10) {
      throw new Truncated(file + ": gzip header at " + offset + " is truncated");
    }
    if (b[offset] != 0x1f || b[offset + 1] != (byte) 0x8b || b[offset + 2] != 8) {
      throw new Corrupt(file + ": no gzip member starts at " + offset);
    }
    int flags = b[offset + 3] & 0xff;
    int pos = offset + 10;
    if ((flags & FEXTRA) != 0) {
      require(pos + 2 <= end, file, offset);
      pos += 2 + ((b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      pos = skipZeroTerminated(b, pos, end, file, offset);
    }
    if ((flags & FCOMMENT) != 0) {
      pos = skipZeroTerminated(b, pos, end, file, offset);
    }
    if ((flags & FTEXT_HCRC) != 0) {
      pos += 2;
    }
    require(pos <= end, file, offset);
    return pos;
  }

  private static int skipZeroTerminated(byte[] b, int pos, int end, Path file, int offset)
      throws Corrupt {
    while (pos < end && b[pos] != 0) {
      pos++;
    }
    require(pos < end, file, offset);
    return pos + 1;
  }

  private static void require(boolean ok, Path file, int offset) throws Truncated {
    if (!ok) {
      throw new Truncated(file + ": gzip header at " + offset + " is truncated");
    }
  }

  private static void putIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static int getIntLe(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  /** A gzip member that is truncated, malformed or fails its checks. */
  public static class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    public Corrupt(String message) {
      super(message);
    }
  }

  /** A member cut short: the end of the file, or of the bytes given, came too early. */
  public static final class Truncated extends Corrupt {
    private static final long serialVersionUID = 1L;

    public Truncated(String message) {
      super(message);
    }
  }
}
