package dev.autodev.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * /v3/api-docs says what the API does: schemas in the API's own JSON naming ({@link
 * ApiModelResolver}), and every error an operation can answer declared as what it is, an RFC 9457
 * problem detail ({@code application/problem+json}, schema {@code ProblemDetail}), instead of the
 * operation's success type. An error response an operation declares with a schema of its own (the
 * 409 of a refused repair is its report) keeps it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
class OpenApiConfiguration {

  static final String PROBLEM = "ProblemDetail";
  static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** The RFC 9457 members and the extension members this API adds, as every error carries them. */
  private static final String PROBLEM_SCHEMA =
      """
      {"type":"object","description":"An RFC 9457 problem detail: every error of this API.",\
      "required":["title","status","detail"],"properties":{\
      "type":{"type":"string","description":"about:blank (left out when it is)"},\
      "title":{"type":"string","description":"the status's reason phrase"},\
      "status":{"type":"integer","format":"int32","description":"the HTTP status"},\
      "detail":{"type":"string","description":"what was wrong, in one sentence"},\
      "instance":{"type":"string","description":"the request's path"},\
      "field":{"type":"string","description":"the body field, parameter or header at fault"},\
      "errors":{"type":"array","description":"every invalid field of a body, one entry each",\
      "items":{"type":"object","required":["field","message"],"properties":{\
      "field":{"type":"string"},"message":{"type":"string"}}}},\
      "cycle":{"type":"array","items":{"type":"string"},\
      "description":"a dependency cycle the change would close, task by task"},\
      "current_version":{"type":"integer","format":"int64",\
      "description":"the version the task is at, after a stale If-Match"},\
      "limit_bytes":{"type":"integer","format":"int64","description":"the body size limit"},\
      "error_code":{"type":"string","description":"why the store could not save"}}}""";

  /** What each error status means in this API, for operations that do not say it themselves. */
  private static final Map<String, String> ERRORS = new LinkedHashMap<>();

  static {
    ERRORS.put(
        "400",
        "bad input: a malformed or out-of-limit field, parameter or header (`field` names it),"
            + " malformed JSON, an unknown field");
    ERRORS.put("401", "a bearer token is required (autodev.api.token) and was missing or wrong");
    ERRORS.put("403", "refused: a Host or Origin this server does not answer");
    ERRORS.put("404", "no task, memory entry or fact with that id or key");
    ERRORS.put("406", "the Accept header accepts none of what this endpoint answers");
    ERRORS.put(
        "409",
        "refused in the present state (a transition that does not apply, a dependency cycle, a"
            + " finished task, a session already open or none open, a full memory)");
    ERRORS.put("412", "If-Match is stale: the task changed since it was read");
    ERRORS.put("413", "the request body is larger than autodev.api.max-body-size");
    ERRORS.put("415", "the body is not JSON (Content-Type)");
    ERRORS.put("500", "a bug of ours; nothing about it is shown, see the server log");
    ERRORS.put(
        "503", "the store cannot answer now: locked by another process too long, or an I/O error");
    ERRORS.put("507", "the disk is full: the change was not saved");
  }

  private static final Set<String> ALWAYS =
      Set.of("400", "401", "403", "404", "406", "413", "500", "503");
  private static final Set<RequestMethod> CHANGES =
      Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

  @Bean
  ApiModelResolver apiModelResolver(JsonMapper json, SpringDocConfigProperties springDoc) {
    return new ApiModelResolver(json, springDoc.isOpenapi31());
  }

  @Bean
  OpenApiCustomizer problemDetailSchema(SpringDocConfigProperties springDoc) {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSchemas(PROBLEM, problemSchema(springDoc.isOpenapi31()));
    };
  }

  @Bean
  OperationCustomizer problemResponses() {
    return OpenApiConfiguration::declareErrors;
  }

  static Schema<?> problemSchema(boolean openapi31) {
    try {
      return (openapi31 ? Json31.mapper() : Json.mapper()).readValue(PROBLEM_SCHEMA, Schema.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the ProblemDetail schema above is not valid JSON", e);
    }
  }

  /** Declares every error the operation can answer as a problem detail. */
  static Operation declareErrors(Operation operation, HandlerMethod handler) {
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    Set<String> codes = new TreeSet<>(ALWAYS);
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    if (mapping != null && Arrays.stream(mapping.method()).anyMatch(CHANGES::contains)) {
      codes.add("409");
      codes.add("507");
    }
    for (MethodParameter p : handler.getMethodParameters()) {
      if (p.hasParameterAnnotation(RequestBody.class)) {
        codes.add("415");
      }
      RequestHeader header = p.getParameterAnnotation(RequestHeader.class);
      if (header != null && header.name().equalsIgnoreCase("If-Match")) {
        codes.add("412");
      }
    }
    codes.addAll(
        responses.keySet().stream().filter(c -> c.startsWith("4") || c.startsWith("5")).toList());
    Set<String> ownSchema = errorsWithOwnSchema(handler);
    for (String code : codes) {
      if (ownSchema.contains(code)) {
        continue;
      }
      ApiResponse response = responses.get(code);
      if (response == null) {
        response = new ApiResponse().description(ERRORS.getOrDefault(code, "an error"));
        responses.addApiResponse(code, response);
      }
      MediaType problem = new MediaType().schema(new Schema<>().$ref(PROBLEM));
      if (response.getContent() != null) {
        // Keep the examples the operation gives, whatever media type springdoc filed them under.
        response
            .getContent()
            .values()
            .forEach(
                m -> {
                  if (m.getExample() != null) {
                    problem.setExample(m.getExample());
                  }
                  if (m.getExamples() != null) {
                    problem.setExamples(m.getExamples());
                  }
                });
      }
      response.setContent(new Content().addMediaType(PROBLEM_JSON, problem));
    }
    return operation;
  }

  /** The error statuses an operation declares with a schema of its own (not a problem detail). */
  private static Set<String> errorsWithOwnSchema(HandlerMethod handler) {
    Set<String> codes = new HashSet<>();
    for (io.swagger.v3.oas.annotations.responses.ApiResponse r :
        AnnotatedElementUtils.findMergedRepeatableAnnotations(
            handler.getMethod(), io.swagger.v3.oas.annotations.responses.ApiResponse.class)) {
      for (io.swagger.v3.oas.annotations.media.Content c : r.content()) {
        if (c.schema().implementation() != Void.class
            && !c.mediaType().equals(PROBLEM_JSON)
            && (r.responseCode().startsWith("4") || r.responseCode().startsWith("5"))) {
          codes.add(r.responseCode());
        }
      }
    }
    return codes;
  }
}
