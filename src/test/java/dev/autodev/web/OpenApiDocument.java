package dev.autodev.web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A served OpenAPI 3 document, read the way a generated client reads it: which operations exist,
 * which statuses and media types each answers, and whether a JSON value fits a schema. The check is
 * stricter than JSON Schema on one point on purpose: an object schema that lists properties admits
 * no others unless it says so ({@code additionalProperties}), since a property the document does
 * not name is one a client cannot read.
 */
final class OpenApiDocument {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JsonNode root;

  OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  /** Every operation as "METHOD /path/{template}". */
  Set<String> operations() {
    Set<String> ops = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        ops.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    return ops;
  }

  JsonNode operation(String key) {
    String[] parts = key.split(" ", 2);
    JsonNode op = root.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
    if (op.isMissingNode()) {
      throw new IllegalArgumentException("the document has no operation " + key);
    }
    return op;
  }

  /**
   * A request body for the operation the way a client generated from the document builds one: every
   * property of the body's schema, valued from {@code values} by its name in the document. A
   * property without a value is reported, so the values cannot silently drift from the document.
   */
  ObjectNode body(String key, Map<String, ?> values, List<String> problems) {
    JsonNode schema =
        resolve(
            operation(key)
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
    ObjectNode body = JSON.createObjectNode();
    if (schema.isMissingNode()) {
      problems.add(key + ": the document declares no JSON request body");
      return body;
    }
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      if (!values.containsKey(p.getKey())) {
        problems.add(key + ": no value for the body property '" + p.getKey() + "' it documents");
        continue;
      }
      body.set(p.getKey(), JSON.valueToTree(values.get(p.getKey())));
    }
    validate(body, schema, key + " request body", problems);
    return body;
  }

  /**
   * Whether a response is one the operation documents: its status, its media type for that status,
   * and its body against that media type's schema.
   */
  void checkResponse(
      String key, int status, @Nullable String contentType, String body, List<String> problems) {
    String where = key + " -> " + status;
    JsonNode response = operation(key).path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      problems.add(where + ": status not documented; body " + abbreviate(body));
      return;
    }
    JsonNode content = response.path("content");
    if (body.isEmpty() && content.isMissingNode()) {
      return;
    }
    String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
    JsonNode media = content.path(type);
    if (media.isMissingNode()) {
      problems.add(
          where + ": media type " + type + " not documented (documented: " + names(content) + ")");
      return;
    }
    JsonNode value;
    if (type.endsWith("json")) {
      try {
        value = JSON.readTree(body);
      } catch (RuntimeException e) {
        problems.add(where + ": the body is not JSON: " + abbreviate(body));
        return;
      }
    } else {
      value = JSON.getNodeFactory().stringNode(body);
    }
    validate(value, media.path("schema"), where, problems);
  }

  /** Adds a problem for every way {@code value} does not fit {@code schema}. */
  void validate(JsonNode value, JsonNode schema, String where, List<String> problems) {
    JsonNode s = resolve(schema);
    if (s.isMissingNode()) {
      return;
    }
    if (s.has("allOf")) {
      for (JsonNode part : s.get("allOf")) {
        validate(value, part, where, problems);
      }
    }
    for (String combiner : List.of("anyOf", "oneOf")) {
      if (s.has(combiner)) {
        List<String> first = null;
        boolean fits = false;
        for (JsonNode alternative : s.get(combiner)) {
          List<String> found = new ArrayList<>();
          validate(value, alternative, where, found);
          fits |= found.isEmpty();
          first = first == null ? found : first;
        }
        if (!fits && first != null) {
          problems.add(where + ": fits none of " + combiner + ", e.g. " + first);
        }
      }
    }
    Set<String> types = types(s);
    if (!types.isEmpty() && !types.contains(typeOf(value))) {
      boolean integralNumber = types.contains("number") && typeOf(value).equals("integer");
      if (!integralNumber) {
        problems.add(where + ": is " + typeOf(value) + ", documented as " + types);
        return;
      }
    }
    if (s.has("enum") && value.isString()) {
      boolean listed = false;
      for (JsonNode e : s.get("enum")) {
        listed |= e.isString() && e.asString().equals(value.asString());
      }
      if (!listed) {
        problems.add(where + ": '" + value.asString() + "' is not one of " + s.get("enum"));
      }
    }
    if (value.isString() && s.has("format")) {
      format(value.asString(), s.get("format").asString(), where, problems);
    }
    if (value.isObject()) {
      object(value, s, where, problems);
    }
    if (value.isArray() && s.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        validate(item, s.get("items"), where + "[" + i++ + "]", problems);
      }
    }
  }

  private void object(JsonNode value, JsonNode s, String where, List<String> problems) {
    JsonNode properties = s.path("properties");
    JsonNode additional = s.path("additionalProperties");
    for (JsonNode required : s.path("required")) {
      if (!value.has(required.asString())) {
        problems.add(where + ": the required property '" + required.asString() + "' is missing");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode declared = properties.path(field.getKey());
      if (!declared.isMissingNode()) {
        validate(field.getValue(), declared, where + "." + field.getKey(), problems);
      } else if (additional.isObject()) {
        validate(field.getValue(), additional, where + "." + field.getKey(), problems);
      } else if (properties.isObject() && !(additional.isBoolean() && additional.booleanValue())) {
        problems.add(
            where
                + ": the property '"
                + field.getKey()
                + "' is not documented (documented: "
                + names(properties)
                + ")");
      }
    }
  }

  private static void format(String value, String format, String where, List<String> problems) {
    try {
      switch (format) {
        case "uuid" -> UUID.fromString(value);
        case "date-time" -> OffsetDateTime.parse(value);
        default -> {
          // Other formats (uri, date, duration) are not checked.
        }
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      problems.add(where + ": '" + value + "' is not a " + format);
    }
  }

  JsonNode resolve(JsonNode schema) {
    JsonNode s = schema;
    for (int depth = 0; s.has("$ref") && depth < 10; depth++) {
      String ref = s.get("$ref").asString();
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      s = root.path("components").path("schemas").path(name);
      if (s.isMissingNode()) {
        throw new IllegalArgumentException("the document refers to a schema it lacks: " + ref);
      }
    }
    return s;
  }

  private static Set<String> types(JsonNode s) {
    Set<String> types = new LinkedHashSet<>();
    JsonNode type = s.path("type");
    if (type.isString()) {
      types.add(type.asString());
    } else if (type.isArray()) {
      type.forEach(t -> types.add(t.asString()));
    }
    if (s.path("nullable").isBoolean() && s.path("nullable").booleanValue()) {
      types.add("null");
    }
    return types;
  }

  private static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    return "string";
  }

  private static String names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.propertyNames().forEach(names::add);
    return String.join(", ", names);
  }

  static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
