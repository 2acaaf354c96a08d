package dev.autodev.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What Spring Security's CSRF filter checks here: a state-changing request that a browser's session
 * cookie authenticates must carry that session's token in {@code X-CSRF-Token}. A page on another
 * site (or another port of this host, which cookies do not tell apart) can make the browser send
 * the cookie, but cannot read the token: only this origin's pages can read {@code GET
 * /auth/session}. Requests with {@code Authorization: Bearer} (scripts) need no token — a browser
 * never adds that header on its own — and neither do requests without a cookie, which carry no
 * credential to ride on (loopback with no token: see {@link LocalRequestFilter}).
 */
final class BrowserSessionCsrf implements CsrfTokenRepository, RequestMatcher {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final String PARAMETER = "_csrf";

  private final BrowserSessions sessions;

  BrowserSessionCsrf(BrowserSessions sessions) {
    this.sessions = sessions;
  }

  /** Whether the request must carry the token. */
  @Override
  public boolean matches(HttpServletRequest request) {
    return !SAFE.contains(request.getMethod())
        && request.getHeader("Authorization") == null
        && !"/auth/login".equals(request.getRequestURI())
        && sessions.find(request).isPresent();
  }

  @Override
  public @Nullable CsrfToken loadToken(HttpServletRequest request) {
    return sessions
        .find(request)
        .<CsrfToken>map(
            s -> new DefaultCsrfToken(BrowserSessions.CSRF_HEADER, PARAMETER, s.csrfToken()))
        .orElse(null);
  }

  /**
   * Only reached for a request without a session, which {@link #matches} never checks: a token that
   * matches nothing.
   */
  @Override
  public CsrfToken generateToken(HttpServletRequest request) {
    return new DefaultCsrfToken(
        BrowserSessions.CSRF_HEADER, PARAMETER, java.util.UUID.randomUUID().toString());
  }

  @Override
  public void saveToken(
      @Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    // Tokens live with their session in BrowserSessions; nothing to store per request.
  }
}
