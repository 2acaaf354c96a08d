package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.ToIntFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON codec of the store files: snake_case names, ISO-8601 UTC instants, nulls omitted. Kept
 * apart from the web layer's mapper so no application setting can change the file format.
 */
public final class TrackerJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .addModule(
              new SimpleModule("fast-instants").addDeserializer(Instant.class, new FastInstants()))
          .build();

  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private TrackerJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** Compact JSON, for JSON Lines. */
  public static byte[] compact(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Indented JSON with a final newline, for the snapshot files people read. */
  public static byte[] pretty(Object value) {
    byte[] body = PRETTY.writeValueAsBytes(value);
    byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
    out[body.length] = '\n';
    return out;
  }

  /**
   * Parses a versioned document the fast way: binds straight from the bytes and checks the version
   * afterwards; anything unusual (a newer or missing version, a shape that does not bind) is parsed
   * again by {@link #readVersioned}, which explains what is wrong. Binding through a tree, as
   * readVersioned must, costs several times more on hot paths.
   */
  public static <T> T readVersionedFast(
      byte[] content, Class<T> type, ToIntFunction<T> version, int supported, Path file) {
    T value;
    try {
      value = MAPPER.readerFor(type).readValue(content);
    } catch (JacksonException e) {
      value = null;
    }
    if (value == null || version.applyAsInt(value) < 1 || version.applyAsInt(value) > supported) {
      return readVersioned(content, type, supported, file);
    }
    return value;
  }

  /**
   * Parses a versioned file: refuses a newer schema_version with a clear error, and a file that
   * does not parse, or lacks schema_version, as corrupt. The version is checked first with a
   * streaming look at the top-level fields (it is the first one in every file we write), so a newer
   * file is refused before binding can misread it, and the content is parsed only once.
   */
  public static <T> T readVersioned(byte[] content, Class<T> type, int supported, Path file) {
    int version = schemaVersion(content, file);
    if (version > supported) {
      throw new StoreException(
          StoreErrorCode.UNSUPPORTED_SCHEMA,
          file,
          file
              + " was written by a newer auto-dev (schema_version "
              + version
              + ", this version reads up to "
              + supported
              + "); upgrade auto-dev to use this data folder");
    }
    if (version < 1) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE, file, file + " has an invalid schema_version " + version);
    }
    try {
      return MAPPER.readValue(content, type);
    } catch (JacksonException e) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE,
          file,
          file + " does not have the expected shape: " + e.getOriginalMessage(),
          e);
    }
  }

  private static int schemaVersion(byte[] content, Path file) {
    try (JsonParser parser = MAPPER.createParser(content)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new StoreException(
            StoreErrorCode.CORRUPT_FILE, file, file + " does not hold a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("schema_version".equals(name)) {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            break;
          }
          return parser.getIntValue();
        }
        parser.skipChildren();
      }
    } catch (JacksonException e) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE,
          file,
          file + " is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
    throw new StoreException(
        StoreErrorCode.CORRUPT_FILE, file, file + " has no numeric schema_version");
  }
}
