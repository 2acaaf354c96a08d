package dev.autodev.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks what can be checked about a request before Spring MVC parses it. The body is capped at
 * {@code autodev.api.max-body-size} (1 MiB): a declared length over it is refused with a 413
 * problem detail before anything is read; a chunked body that grows past it fails while being read,
 * which the API turns into the same 413 (Tomcat's own limits only cover form posts). A Content-Type
 * that is not one concrete media type ({@code *}{@code /*}, junk) is refused with 415 here, since
 * Spring MVC would fail on it with an unexpected exception.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestEnvelopeFilter extends OncePerRequestFilter {

  private final DataSize limit;
  private final JsonMapper json;

  RequestEnvelopeFilter(
      @Value("${autodev.api.max-body-size:1MB}") DataSize limit, JsonMapper json) {
    this.limit = limit;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit.toBytes()) {
      // The body is not read; the connection is closed rather than drained.
      response.setHeader("Connection", "close");
      refuse(request, response, Problems.tooLarge(limit));
      return;
    }
    String contentType = request.getContentType();
    if (contentType != null && !isConcrete(contentType)) {
      refuse(request, response, Problems.unsupportedContentType());
      return;
    }
    for (String accept : java.util.Collections.list(request.getHeaders("Accept"))) {
      if (!isParseable(accept)) {
        refuse(request, response, Problems.badAccept());
        return;
      }
    }
    chain.doFilter(new Limited(request, limit), response);
  }

  private static boolean isParseable(String accept) {
    try {
      MediaType.parseMediaTypes(accept);
      return true;
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static boolean isConcrete(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isConcrete();
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    try {
      problem.setInstance(java.net.URI.create(request.getRequestURI()));
    } catch (IllegalArgumentException e) {
      // Not a valid URI: leave "instance" out.
    }
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(problem));
  }

  /** A request whose body stream fails once more than the limit has been read. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final DataSize limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, DataSize limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final DataSize limit;
    private long read;

    Counting(ServletInputStream in, DataSize limit) {
      this.in = in;
      this.limit = limit;
    }

    private int count(int n) {
      if (n > 0) {
        read += n;
        if (read > limit.toBytes()) {
          throw new RequestTooLargeException(limit);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return count(in.read(b, off, len));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
