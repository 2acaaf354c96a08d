package dev.autodev.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseCookie;

/**
 * The board's logins where a token is required: a browser that presented the API token once gets a
 * session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) instead of keeping the token in the
 * page, and a CSRF token bound to that session, which every state-changing request authenticated by
 * the cookie must carry in {@code X-CSRF-Token}. Held in memory: a restart logs every browser out.
 */
final class BrowserSessions {

  static final String COOKIE = "autodev_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** How long a login lasts, from the moment the token was presented. */
  static final Duration LIFETIME = Duration.ofHours(12);

  /** At most this many logins are kept; the oldest goes first (each needs the token anyway). */
  static final int MAX_SESSIONS = 1000;

  private static final int RANDOM_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  BrowserSessions(Clock clock) {
    this.clock = clock;
  }

  /** One login: its cookie value, its CSRF token and when it ends. */
  record Session(String id, String csrfToken, Instant expiresAt) {}

  Session create() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    while (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream()
          .min(Comparator.comparing(Session::expiresAt))
          .ifPresent(oldest -> sessions.remove(oldest.id()));
    }
    Session session = new Session(randomToken(), randomToken(), now.plus(LIFETIME));
    sessions.put(session.id(), session);
    return session;
  }

  /** The live session the request's cookie names, if any. */
  Optional<Session> find(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        Session session = sessions.get(cookie.getValue());
        if (session == null) {
          continue;
        }
        if (!session.expiresAt().isAfter(clock.instant())) {
          sessions.remove(session.id());
          continue;
        }
        return Optional.of(session);
      }
    }
    return Optional.empty();
  }

  void end(Session session) {
    sessions.remove(session.id());
  }

  /** The cookie that carries a new login. */
  static ResponseCookie cookie(Session session, boolean secure) {
    return ResponseCookie.from(COOKIE, session.id())
        .httpOnly(true)
        .secure(secure)
        .sameSite("Strict")
        .path("/")
        .maxAge(LIFETIME)
        .build();
  }

  /** The cookie that removes a login from the browser. */
  static ResponseCookie expired(boolean secure) {
    return ResponseCookie.from(COOKIE, "")
        .httpOnly(true)
        .secure(secure)
        .sameSite("Strict")
        .path("/")
        .maxAge(0)
        .build();
  }

  private String randomToken() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
