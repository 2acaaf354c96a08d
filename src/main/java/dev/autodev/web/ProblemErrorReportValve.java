package dev.autodev.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page (a request it refused before any application code ran, such as a
 * malformed path) as a minimal RFC 9457 problem detail instead of an HTML page naming the server.
 * Two of Tomcat's refusals are the client's mistakes that it reports as server errors: a request
 * line of an HTTP version it does not speak (505) becomes a 400 naming the version, and CONNECT
 * (501) a 405 with the methods the API answers.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  /** The methods the API answers, for the Allow header of a refused CONNECT. */
  static final String API_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String detail = null;
    if (status == 505) {
      // Tomcat speaks HTTP/1.1 and 1.0 only. The request line is the client's mistake, not a
      // failure of the server, so it is a 400 that names what was wrong.
      status = 400;
      detail =
          "the request line asks for "
              + printable(request.getProtocol(), "an HTTP version")
              + ", which this server does not speak; send HTTP/1.1 (or HTTP/1.0)";
    } else if (status == 501 && "CONNECT".equals(request.getMethod())) {
      // Tomcat answers CONNECT with 501; this server is no proxy, so the method is not allowed.
      status = 405;
      response.setHeader("Allow", API_METHODS);
      detail =
          "CONNECT is not allowed: this server is not a proxy; call its API with " + API_METHODS;
    }
    if (status != response.getStatus()) {
      response.setStatus(status);
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    if (detail == null) {
      detail =
          switch (status) {
            case 501 ->
                "the request uses an HTTP feature this server does not implement, such as a"
                    + " Transfer-Encoding other than chunked";
            default ->
                status >= 500
                    ? "an unexpected error occurred; see the server log"
                    : "the request was refused before it reached the API: "
                        + title.toLowerCase(java.util.Locale.ROOT);
          };
    }
    String body =
        "{\"type\":\"about:blank\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\"}";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response was already committed: nothing more can be said.
    }
  }

  /**
   * A value from the request line, quoted, for a detail: printable ASCII other than quotes and
   * backslashes (the detail is written into JSON by hand), at most 20 characters; {@code otherwise}
   * when nothing of it is left.
   */
  static String printable(@Nullable String value, String otherwise) {
    if (value == null) {
      return otherwise;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 127 && c != '"' && c != '\\' && b.length() < 20) {
        b.append(c);
      }
    }
    return b.length() == 0 ? otherwise : "'" + b + "'";
  }
}
