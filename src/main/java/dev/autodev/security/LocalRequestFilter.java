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
 * server's own origin nor (on loopback) a local one is a cross-site request: refused with 403. A
 * state-changing request that the browser marks as made by a page of another origin ({@code
 * Sec-Fetch-Site: cross-site} or {@code same-site}, which covers a page on another port of
 * localhost) is refused with 403 too: together with the JSON-only bodies (which a page cannot send
 * cross-origin without a CORS preflight this server never grants) this is what keeps forged
 * requests out where no credential exists to protect (loopback without a token). Tools such as curl
 * send neither header and a local Host, and pass.
 */
final class LocalRequestFilter extends OncePerRequestFilter {

  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /**
   * Fetch Metadata values of a request a page of another origin made: "same-site" is another port
   * of the same host too, which the Origin check lets through on loopback.
   */
  private static final Set<String> CROSS = Set.of("cross-site", "same-site");

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

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
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && CROSS.contains(site.trim().toLowerCase(Locale.ROOT)) && !isSafe(request)) {
      problems.write(
          request,
          response,
          HttpStatus.FORBIDDEN,
          "changes from another site's page are refused (Sec-Fetch-Site: " + site.trim() + ")");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean isSafe(HttpServletRequest request) {
    return SAFE_METHODS.contains(request.getMethod());
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
