package dev.autodev.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * One JSON Lines record guarded by a CRC-32C of its payload: {@code
 * {"crc":"1a2b3c4d","entry":{…}}}. The line stays valid JSON for {@code jq}, and a flipped byte or
 * a torn write is caught on read.
 */
public final class ChecksummedLine {

  private static final byte[] CRC_PREFIX = "{\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int CRC_HEX = 8;

  private ChecksummedLine() {}

  /** Frames {@code json} under {@code key}, with the trailing newline. */
  public static byte[] frame(String key, byte[] json) {
    byte[] middle = ("\",\"" + key + "\":").getBytes(StandardCharsets.US_ASCII);
    String crc = crcHex(json, 0, json.length);
    byte[] out = new byte[CRC_PREFIX.length + CRC_HEX + middle.length + json.length + 2];
    int p = 0;
    System.arraycopy(CRC_PREFIX, 0, out, p, CRC_PREFIX.length);
    p += CRC_PREFIX.length;
    System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, out, p, CRC_HEX);
    p += CRC_HEX;
    System.arraycopy(middle, 0, out, p, middle.length);
    p += middle.length;
    System.arraycopy(json, 0, out, p, json.length);
    p += json.length;
    out[p++] = '}';
    out[p] = '\n';
    return out;
  }

  /**
   * Returns the payload of a framed line (without its newline), or throws {@link Corrupt} when the
   * frame is malformed or the checksum does not match.
   */
  public static byte[] payload(String key, byte[] line) {
    byte[] middle = ("\",\"" + key + "\":").getBytes(StandardCharsets.US_ASCII);
    int start = CRC_PREFIX.length + CRC_HEX + middle.length;
    if (line.length < start + 2
        || !Arrays.equals(line, 0, CRC_PREFIX.length, CRC_PREFIX, 0, CRC_PREFIX.length)
        || !Arrays.equals(line, CRC_PREFIX.length + CRC_HEX, start, middle, 0, middle.length)
        || line[line.length - 1] != '}') {
      throw new Corrupt("line is not a framed '" + key + "' record");
    }
    String stored = new String(line, CRC_PREFIX.length, CRC_HEX, StandardCharsets.US_ASCII);
    String actual = crcHex(line, start, line.length - 1 - start);
    if (!stored.equals(actual)) {
      throw new Corrupt("checksum mismatch (stored " + stored + ", computed " + actual + ")");
    }
    return Arrays.copyOfRange(line, start, line.length - 1);
  }

  private static String crcHex(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** A line that is torn, malformed or fails its checksum. */
  public static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Corrupt(String message) {
      super(message);
    }
  }
}
