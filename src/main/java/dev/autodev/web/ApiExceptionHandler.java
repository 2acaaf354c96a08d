package dev.autodev.web;

import dev.autodev.store.StoreException;
import dev.autodev.tracker.DependencyCycleException;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.StaleVersionException;
import dev.autodev.tracker.TrackerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the REST API as an RFC 9457 problem detail with the right status: 400 for bad
 * input (naming the field and why), 404 for an unknown id or path, 405/406/415 for the wrong method
 * or media type, 409 for a refused transition, 412 for a stale {@code If-Match}, 413 for an
 * oversized body, 503/507 when the store cannot save, and a generic 500 without internals for
 * anything unexpected. Spring MVC's own errors come from the base class, with clearer details.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(TrackerException.class)
  ProblemDetail tracker(TrackerException e) {
    HttpStatus status =
        switch (e.kind()) {
          case BAD_INPUT -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(title(status));
    if (e instanceof InvalidInputException bad) {
      problem.setProperty("field", bad.field());
    }
    if (e instanceof DependencyCycleException cycle) {
      problem.setProperty("cycle", cycle.cycle());
    }
    if (e instanceof StaleVersionException stale) {
      problem.setProperty("current_version", stale.currentVersion());
    }
    return problem;
  }

  @ExceptionHandler(StoreException.class)
  ProblemDetail store(StoreException e) {
    HttpStatusCode status =
        switch (e.code()) {
          case NO_SPACE -> HttpStatusCode.valueOf(507);
          default -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(status.value() == 507 ? "Insufficient Storage" : "Store unavailable");
    problem.setProperty("error_code", e.code().name().toLowerCase(Locale.ROOT));
    return problem;
  }

  /** Query or form parameters whose percent-encoding is not valid UTF-8 ({@code ?%ff=1}). */
  @ExceptionHandler(InvalidParameterException.class)
  ProblemDetail undecodableParameters(InvalidParameterException e) {
    return Problems.badRequest("the request's parameters cannot be decoded as UTF-8", null);
  }

  /**
   * Spring Security's firewall refused part of the request when it was read (a parameter or header
   * name it does not allow, say in a form body): bad input, not a failure of ours.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ProblemDetail rejected(RequestRejectedException e) {
    return Problems.badRequest(String.valueOf(e.getMessage()), null);
  }

  /** Anything else is a bug of ours: log it, and tell the client nothing about the internals. */
  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    RequestTooLargeException tooLarge = causeOf(e, RequestTooLargeException.class);
    if (tooLarge != null) {
      return Problems.tooLarge(tooLarge.limit());
    }
    log.error("Unexpected error answering a request", e);
    return Problems.internal();
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (FieldError error : ex.getBindingResult().getFieldErrors()) {
      errors.add(error(snake(error.getField()), error.getDefaultMessage()));
    }
    ex.getBindingResult()
        .getGlobalErrors()
        .forEach(error -> errors.add(error(error.getObjectName(), error.getDefaultMessage())));
    return badRequest(ex, errors, headers, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, Object>> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            result -> {
              String name = result.getMethodParameter().getParameterName();
              for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = name;
                if (error instanceof FieldError fe) {
                  field = snake(fe.getField());
                }
                errors.add(error(field == null ? "request" : field, error.getDefaultMessage()));
              }
            });
    return badRequest(ex, errors, headers, request);
  }

  /**
   * The handler mapping found nothing this endpoint produces in the {@code Accept} header: refused
   * before the handler ran, so nothing was changed.
   */
  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<String> produced = ex.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
    String first = produced.isEmpty() ? MediaType.APPLICATION_JSON_VALUE : produced.get(0);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_ACCEPTABLE,
            "this endpoint answers "
                + (produced.isEmpty() ? first : String.join(" or ", produced))
                + ", which the Accept header does not accept; send Accept: "
                + first
                + " or leave the header out; nothing was changed");
    problem.setTitle("Not Acceptable");
    problem.setProperty("field", "Accept");
    return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_ACCEPTABLE, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field =
        ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
    String required =
        ex.getRequiredType() == null
            ? "another type"
            : ex.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT);
    ProblemDetail problem =
        Problems.badRequest(field + " must be " + article(required) + " " + required, field);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    RequestTooLargeException tooLarge = causeOf(ex, RequestTooLargeException.class);
    if (tooLarge != null) {
      return handleExceptionInternal(
          ex, Problems.tooLarge(tooLarge.limit()), headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    String detail = "the request body is missing or is not valid JSON";
    String field = null;
    JacksonException json = causeOf(ex, JacksonException.class);
    if (json instanceof StreamConstraintsException) {
      detail = "the request body is nested too deeply or holds a value too large";
    } else if (json instanceof UnrecognizedPropertyException unknown) {
      field = unknown.getPropertyName();
      detail = "unknown field '" + field + "'";
    } else if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      field = path(mismatch.getPath());
      String type = mismatch.getTargetType() == null ? null : kindOf(mismatch.getTargetType());
      detail = field + (type == null ? " has the wrong type" : " must be " + type);
    } else if (json != null && !json.getPath().isEmpty()) {
      field = path(json.getPath());
      detail = field + " has a value that cannot be read";
    }
    return handleExceptionInternal(
        ex, Problems.badRequest(detail, field), headers, HttpStatus.BAD_REQUEST, request);
  }

  private @Nullable ResponseEntity<Object> badRequest(
      Exception ex, List<Map<String, Object>> errors, HttpHeaders headers, WebRequest request) {
    String detail =
        errors.isEmpty()
            ? "the request is not valid"
            : errors.stream()
                .map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    ProblemDetail problem =
        Problems.badRequest(
            detail, errors.isEmpty() ? null : String.valueOf(errors.get(0).get("field")));
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  private static Map<String, Object> error(String field, @Nullable String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message == null ? "is not valid" : message);
    return error;
  }

  private static String path(List<JacksonException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JacksonException.Reference ref : path) {
      if (ref.getPropertyName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "body" : b.toString();
  }

  private static String kindOf(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  /** Field names as the JSON spells them (snake_case), not as the Java record does. */
  private static String snake(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static <T extends Throwable> @Nullable T causeOf(Throwable e, Class<T> type) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 20; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause();
    }
    return null;
  }

  private static String title(HttpStatus status) {
    return status.getReasonPhrase();
  }
}
