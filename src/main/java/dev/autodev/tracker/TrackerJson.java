package dev.autodev.tracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autodev.store.ChecksummedDocument;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON codec of the store files: snake_case names, ISO-8601 UTC instants, nulls omitted. Kept
 * apart from the web layer's mapper so no application setting can change the file format.
 *
 * <p>Files are read strictly: a key this code does not know is damage, not something to skip (a
 * flipped bit turning {@code files_modified} into {@code fides_modified} would otherwise drop the
 * list silently). No release has ever removed a field, so every file an earlier release wrote still
 * reads. The snapshot files are read stricter still ({@link #readSnapshot}): every key of a record
 * component not marked {@code @Nullable} must be there.
 */
public final class TrackerJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .addModule(
              new SimpleModule("fast-instants").addDeserializer(Instant.class, new FastInstants()))
          .build();

  /**
   * The snapshot files' reader: a missing key of a non-{@code @Nullable} record component is
   * refused instead of defaulted. Only for current.json and memory.json, whose records carry exact
   * nullness; journal and history lines keep the plain reader, since some of their event records
   * leave a value out that is not marked nullable, and each line already carries a checksum.
   */
  private static final JsonMapper SNAPSHOTS =
      MAPPER.rebuild().annotationIntrospector(new RequiredUnlessNullable()).build();

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
      throw newer(file, version, supported);
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

  /**
   * Parses a snapshot file (current.json, memory.json). From schema_version 2 on it must carry a
   * {@link ChecksummedDocument} checksum that holds; version 1 files, written before checksums,
   * must not carry one. The checksum is checked before the version, so a flipped bit in the version
   * can never pass for a file written by a newer auto-dev (every version from 2 on keeps the
   * checksum): only a document whose checksum holds is refused as newer; one without a checksum
   * that claims a version above 1 is damage. Binding is strict: unknown and missing keys are
   * damage.
   */
  public static <T> T readSnapshot(byte[] content, Class<T> type, int supported, Path file) {
    boolean checksummed;
    try {
      checksummed = ChecksummedDocument.verify(content);
    } catch (ChecksummedDocument.Corrupt e) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE, file, file + " is damaged: " + e.getMessage(), e);
    }
    int version = schemaVersion(content, file);
    if (!checksummed && version != 1) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE,
          file,
          file + " claims schema_version " + version + " but carries no checksum");
    }
    if (checksummed && version < 2) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE,
          file,
          file + " has a checksum but schema_version " + version + ", which had none");
    }
    if (version > supported) {
      throw newer(file, version, supported);
    }
    try {
      return SNAPSHOTS.readValue(content, type);
    } catch (JacksonException e) {
      throw new StoreException(
          StoreErrorCode.CORRUPT_FILE,
          file,
          file + " does not have the expected shape: " + e.getOriginalMessage(),
          e);
    }
  }

  private static StoreException newer(Path file, int version, int supported) {
    return new StoreException(
        StoreErrorCode.UNSUPPORTED_SCHEMA,
        file,
        file
            + " was written by a newer auto-dev (schema_version "
            + version
            + ", this version reads up to "
            + supported
            + "); upgrade auto-dev to use this data folder");
  }

  /**
   * Marks every record component that is not {@code @Nullable} as required, so that binding refuses
   * a document that lacks its key. Nullness is read from the component's type annotations
   * (jspecify's {@code @Nullable} is a type-use annotation, invisible to Jackson's own lookup).
   */
  static final class RequiredUnlessNullable extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Boolean hasRequiredMarker(MapperConfig<?> config, AnnotatedMember m) {
      Boolean explicit = super.hasRequiredMarker(config, m);
      if (explicit != null) {
        return explicit;
      }
      RecordComponent component = componentOf(m);
      if (component == null) {
        return null;
      }
      return !component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static @Nullable RecordComponent componentOf(AnnotatedMember m) {
      Class<?> owner = m.getDeclaringClass();
      RecordComponent[] components = owner.getRecordComponents();
      if (components == null) {
        return null;
      }
      if (m instanceof AnnotatedParameter p
          && p.getOwner().getParameterCount() == components.length) {
        return components[p.getIndex()];
      }
      for (RecordComponent c : components) {
        if (c.getName().equals(m.getName())) {
          return c;
        }
      }
      return null;
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
