package dev.autodev.web;

import dev.autodev.store.StoreException;
import dev.autodev.tracker.DependencyCycleException;
import dev.autodev.tracker.InvalidInputException;
import dev.autodev.tracker.TrackerException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the REST API as a problem detail with the right status: 400 for bad input, 404 for
 * an unknown id, 409 for a refused transition, 503/507 when the store cannot save. Spring MVC's own
 * errors (unreadable body, wrong media type) come from the base class the same way.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(TrackerException.class)
  ProblemDetail tracker(TrackerException e) {
    HttpStatus status =
        switch (e.kind()) {
          case BAD_INPUT -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(title(status));
    if (e instanceof InvalidInputException bad) {
      problem.setProperty("field", bad.field());
    }
    if (e instanceof DependencyCycleException cycle) {
      problem.setProperty("cycle", cycle.cycle());
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

  private static String title(HttpStatus status) {
    return status.getReasonPhrase();
  }
}
