package dev.autodev.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import tools.jackson.databind.jsonFormatVisitors.JsonObjectFormatVisitor;
import tools.jackson.databind.ser.BeanPropertyWriter;

/**
 * The schemas of /v3/api-docs as the API really writes and reads JSON. springdoc describes types
 * with swagger-core, which introspects them with its own Jackson 2 mapper and knows nothing of the
 * API's Jackson 3 one, so it named every field as Java does ({@code parentId}) while the API speaks
 * {@code parent_id}. Here each record's schema takes its property names, their order and which are
 * always present from the API's own {@link JsonMapper}: the names its naming strategy and
 * annotations produce, a property {@code required} when the API always writes it (not {@code
 * Nullable}, or included even when null, which the schema then allows). Nested types are named
 * after their enclosing type ({@code StoreRepairReport}, {@code CompactorReport}), since several
 * share a simple name and swagger-core would describe all of them by the first one it met; the
 * request bodies nested in controllers keep their own names ({@code CreateTask}).
 */
final class ApiModelResolver extends ModelResolver {

  private final JsonMapper api;
  private final boolean openapi31;
  private final Set<Schema<?>> renamed = Collections.newSetFromMap(new IdentityHashMap<>());

  ApiModelResolver(JsonMapper api, boolean openapi31) {
    super(openapi31 ? Json31.mapper() : Json.mapper(), new NestedTypeNames());
    this.api = api;
    this.openapi31 = openapi31;
    openapi31(openapi31);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Schema resolve(
      AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
    Schema schema = super.resolve(annotatedType, context, next);
    if (schema == null || annotatedType == null || annotatedType.getType() == null) {
      return schema;
    }
    Class<?> raw = _mapper.constructType(annotatedType.getType()).getRawClass();
    if (!raw.isRecord()) {
      return schema;
    }
    Schema model = schema;
    if (schema.getProperties() == null && schema.get$ref() != null) {
      String ref = schema.get$ref();
      model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
    }
    if (model != null && model.getProperties() != null && renamed.add(model)) {
      describe(raw, model);
    }
    return schema;
  }

  /** Renames, orders and marks the properties of a record's schema as the API's mapper does. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private void describe(Class<?> record, Schema model) {
    Map<String, Schema> byJavaName = model.getProperties();
    Map<String, Schema> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (JsonProperty p : JsonProperty.of(api, record)) {
      Schema property = byJavaName.get(p.javaName());
      if (property == null) {
        property = byJavaName.get(p.jsonName());
      }
      if (property == null) {
        continue;
      }
      properties.put(p.jsonName(), p.nullable() ? nullable(property) : property);
      if (p.alwaysPresent()) {
        required.add(p.jsonName());
      }
    }
    model.setProperties(properties);
    model.setRequired(required.isEmpty() ? null : required);
  }

  /** The property's schema, also allowing {@code null}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Schema nullable(Schema property) {
    if (!openapi31) {
      if (property.get$ref() != null) {
        return new Schema().addAllOfItem(property).nullable(true);
      }
      return property.nullable(true);
    }
    if (property.get$ref() != null) {
      return new JsonSchema()
          .addAnyOfItem(property)
          .addAnyOfItem(new JsonSchema().typesItem("null"));
    }
    Set<String> types = new LinkedHashSet<>();
    if (property.getTypes() != null) {
      types.addAll(property.getTypes());
    } else if (property.getType() != null) {
      types.add(property.getType());
    }
    types.add("null");
    property.setTypes(types);
    return property;
  }

  /**
   * One JSON property of a record as the API's mapper writes it.
   *
   * @param javaName the record component it comes from
   * @param jsonName its name in the JSON
   * @param alwaysPresent whether every document has it (never null, or written even when null)
   * @param nullable whether its value may be {@code null} in the JSON
   */
  record JsonProperty(String javaName, String jsonName, boolean alwaysPresent, boolean nullable) {

    static List<JsonProperty> of(JsonMapper mapper, Class<?> record) {
      List<BeanProperty> found = new ArrayList<>();
      mapper.acceptJsonFormatVisitor(
          record,
          new JsonFormatVisitorWrapper.Base() {
            @Override
            public JsonObjectFormatVisitor expectObjectFormat(JavaType type) {
              return new JsonObjectFormatVisitor.Base(getContext()) {
                @Override
                public void property(BeanProperty writer) {
                  found.add(writer);
                }

                @Override
                public void optionalProperty(BeanProperty writer) {
                  found.add(writer);
                }
              };
            }
          });
      Map<String, RecordComponent> components = new LinkedHashMap<>();
      for (RecordComponent c : record.getRecordComponents()) {
        components.put(c.getName(), c);
      }
      List<JsonProperty> properties = new ArrayList<>();
      for (BeanProperty p : found) {
        String javaName = p.getMember() == null ? p.getName() : p.getMember().getName();
        RecordComponent component = components.get(javaName);
        boolean mayBeNull =
            component == null
                || component
                    .getAnnotatedType()
                    .isAnnotationPresent(org.jspecify.annotations.Nullable.class);
        boolean nullsWritten = p instanceof BeanPropertyWriter w && !w.willSuppressNulls();
        properties.add(
            new JsonProperty(
                javaName, p.getName(), !mayBeNull || nullsWritten, mayBeNull && nullsWritten));
      }
      return properties;
    }
  }

  /**
   * Names a nested type after its enclosing type, unless it is a controller's request body: several
   * nested types share a simple name ({@code Report}, {@code Result}).
   */
  static final class NestedTypeNames extends TypeNameResolver {
    @Override
    protected String getNameOfClass(Class<?> cls) {
      @Nullable Class<?> enclosing = cls.getEnclosingClass();
      if (enclosing == null || enclosing.isAnnotationPresent(RestController.class)) {
        return cls.getSimpleName();
      }
      return getNameOfClass(enclosing) + cls.getSimpleName();
    }
  }
}
