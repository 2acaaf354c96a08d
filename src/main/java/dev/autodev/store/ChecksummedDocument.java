package dev.autodev.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A whole JSON document guarded by a CRC-32C of its exact bytes, the way {@link ChecksummedLine}
 * guards one line: the top-level {@code "checksum"} field holds, as 8 lowercase hex digits, the
 * CRC-32C of the file as written with those 8 digits set to {@code 00000000}. So any changed bit —
 * in a key, a value, the schema_version, the layout or the checksum itself — is caught, without
 * relying on a re-serialisation giving the same bytes, and the file stays plain JSON for people and
 * {@code jq}.
 */
public final class ChecksummedDocument {

  /** The name of the top-level field that holds the checksum. */
  public static final String FIELD = "checksum";

  /** The value a document is serialised with, before {@link #seal} fills in the checksum. */
  public static final String PLACEHOLDER = "00000000";

  private static final int HEX = 8;
  private static final JsonFactory JSON = new JsonFactory();

  private ChecksummedDocument() {}

  /**
   * Fills in the checksum of {@code json}, a document serialised with {@link #PLACEHOLDER} as the
   * value of its top-level checksum field, and returns it (the same array).
   */
  public static byte[] seal(byte[] json) {
    int at = valueOffset(json);
    if (at < 0 || !PLACEHOLDER.equals(digits(json, at))) {
      throw new IllegalArgumentException(
          "the document has no top-level \"" + FIELD + "\": \"" + PLACEHOLDER + "\" to seal");
    }
    byte[] crc = crcHex(json).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(crc, 0, json, at, HEX);
    return json;
  }

  /**
   * Checks the checksum of a document that carries one.
   *
   * @return false when the document has no top-level checksum field (an older format); true when it
   *     has one and it holds
   * @throws Corrupt when the checksum does not hold, is not 8 lowercase hex digits, or the document
   *     is not JSON up to it
   */
  public static boolean verify(byte[] json) {
    int at = valueOffset(json);
    if (at < 0) {
      return false;
    }
    String stored = digits(json, at);
    byte[] zeroed = json.clone();
    System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, HEX);
    String actual = crcHex(zeroed);
    if (!actual.equals(stored)) {
      throw new Corrupt("checksum mismatch (stored " + stored + ", computed " + actual + ")");
    }
    return true;
  }

  /**
   * The offset of the 8 digits of the top-level checksum field, or -1 when there is none. Only the
   * top level is looked at: a nested object may have a key of the same name (a fact, say).
   */
  private static int valueOffset(byte[] json) {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Corrupt("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean checksum = FIELD.equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (checksum) {
          long quote = parser.currentTokenLocation().getByteOffset();
          if (value != JsonToken.VALUE_STRING
              || quote < 0
              || quote + HEX + 1 >= json.length
              || json[(int) quote] != '"'
              || json[(int) quote + HEX + 1] != '"') {
            throw new Corrupt("the " + FIELD + " field is not an 8-digit string");
          }
          return (int) quote + 1;
        }
        parser.skipChildren();
      }
      return -1;
    } catch (JacksonException e) {
      throw new Corrupt("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String digits(byte[] json, int at) {
    return new String(json, at, HEX, StandardCharsets.US_ASCII);
  }

  private static String crcHex(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length);
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** A document whose checksum does not hold, or that cannot be checked. */
  public static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Corrupt(String message) {
      super(message);
    }
  }
}
