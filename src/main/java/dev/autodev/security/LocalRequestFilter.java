package dev.autodev.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps web pages out. On a loopback-bound server, a request whose {@code Host} is not a local name
 * (localhost, 127.0.0.1, [::1], any port) comes from a page whose DNS name was rebound to
 * 127.0.0.1: refused with 403. A browser request carrying an {@code Origin} that is neither the
 * server's own origin nor (on loopback) a local one is a cross-site request: refused with 403.
 * Tools such as curl send no Origin and a local Host, and pass.
 */
final class LocalRequestFilter extends OncePerRequestFilter {

  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final boolean loopback;
  private final ProblemResponses problems;

  LocalRequestFilter(boolean loopback, ProblemResponses problems) {
    this.loopback = loopback;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String host = request.getHeader("Host");
    if (loopback && (host == null || !isLocal(hostName(host)))) {
      problems.write(
          request,
          response,
          HttpStatus.FORBIDDEN,
          "this server listens on loopback and answers only requests addressed to localhost,"
              + " 127.0.0.1 or [::1]; the Host header was "
              + (host == null ? "missing" : "'" + host + "'"));
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !allowedOrigin(origin, host)) {
      problems.write(
          request,
          response,
          HttpStatus.FORBIDDEN,
          "cross-site requests are refused; the Origin header was '" + origin + "'");
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean allowedOrigin(String origin, @Nullable String host) {
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getRawAuthority() == null) {
      return false; // "null" (sandboxed pages, file:) and anything without a host
    }
    if (host != null && uri.getRawAuthority().equalsIgnoreCase(host.trim())) {
      return true; // same origin: a page this server served
    }
    return loopback && isLocal(uri.getHost().toLowerCase(Locale.ROOT));
  }

  /** The host part of a Host header, without the port; IPv6 literals keep their brackets. */
  static String hostName(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static boolean isLocal(String hostName) {
    return LOCAL_HOSTS.contains(hostName);
  }
}
