package dev.autodev.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page for whatever fails outside a controller (a filter, the servlet container): a
 * problem detail too, never Spring Boot's default error JSON or an HTML page, and never the
 * exception's message, which may carry internals.
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer c && HttpStatus.resolve(c) != null
            ? HttpStatus.valueOf(c)
            : HttpStatus.NOT_FOUND;
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    ProblemDetail problem;
    if (error instanceof RequestTooLargeException tooLarge) {
      problem = Problems.tooLarge(tooLarge.limit());
    } else if (status.is5xxServerError()) {
      problem = Problems.internal();
      problem.setStatus(status.value());
      problem.setTitle(status.getReasonPhrase());
    } else {
      problem = ProblemDetail.forStatus(status);
      problem.setTitle(status.getReasonPhrase());
      problem.setDetail(
          status == HttpStatus.NOT_FOUND
              ? "no resource here; see /v3/api-docs for the API"
              : "the request cannot be handled: "
                  + status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
    }
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (uri instanceof String s && !s.isEmpty()) {
      try {
        problem.setInstance(java.net.URI.create(s));
      } catch (IllegalArgumentException e) {
        // The path the client sent is not a valid URI: leave "instance" out.
      }
    }
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
