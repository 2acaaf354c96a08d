package dev.autodev.web;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/** The problem details built in more than one place (the advice, the error page, the filter). */
final class Problems {

  private Problems() {}

  static ProblemDetail tooLarge(DataSize limit) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONTENT_TOO_LARGE,
            "the request body is larger than the limit of " + human(limit));
    problem.setTitle("Content Too Large");
    problem.setProperty("limit_bytes", limit.toBytes());
    return problem;
  }

  static ProblemDetail unsupportedContentType() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be one media type, such as application/json");
    problem.setTitle("Unsupported Media Type");
    return problem;
  }

  /** 400, saying what is wrong, and naming the field (body field, parameter, header) if known. */
  static ProblemDetail badRequest(String detail, @Nullable String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Bad Request");
    if (field != null) {
      problem.setProperty("field", field);
    }
    return problem;
  }

  static ProblemDetail badAccept() {
    return badRequest(
        "the Accept header cannot be parsed; send application/json or leave it out", "Accept");
  }

  static ProblemDetail internal() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "an unexpected error occurred; nothing about it is shown here, see the server log");
    problem.setTitle("Internal Server Error");
    return problem;
  }

  private static String human(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return String.format(Locale.ROOT, "%d bytes", bytes);
  }
}
