package dev.autodev.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The board's login, for when a token is required: {@code POST /auth/login} with the API token sets
 * the session cookie; {@code GET /auth/session} tells a page whether it may go on and gives it the
 * CSRF token of its session; {@code POST /auth/logout} ends the session. Not part of the REST API:
 * scripts send {@code Authorization: Bearer} on every call instead.
 */
@RestController
@ConditionalOnWebApplication
class BrowserLoginController {

  private final ApiToken token;
  private final BrowserSessions sessions;

  BrowserLoginController(ApiToken token, BrowserSessions sessions) {
    this.token = token;
    this.sessions = sessions;
  }

  /** The body of POST /auth/login. */
  record Login(@Size(max = 1000) @Nullable String token) {}

  @GetMapping("/auth/session")
  Map<String, Object> session(HttpServletRequest request) {
    Optional<BrowserSessions.Session> session = sessions.find(request);
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return state(
        auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken),
        session.map(BrowserSessions.Session::csrfToken).orElse(null));
  }

  @PostMapping("/auth/login")
  ResponseEntity<?> login(@RequestBody Login body, HttpServletRequest request) {
    if (!token.required()) {
      return ResponseEntity.ok(state(true, null)); // nothing to log in to: loopback, no token
    }
    String presented = body.token() == null ? "" : body.token().strip();
    if (!token.matches(presented)) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.UNAUTHORIZED,
              presented.isEmpty()
                  ? "enter the API token (autodev.api.token, or the api-token file in the data"
                      + " folder)"
                  : "that is not this server's API token");
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    BrowserSessions.Session session = sessions.create();
    return ResponseEntity.ok()
        .header(
            HttpHeaders.SET_COOKIE, BrowserSessions.cookie(session, request.isSecure()).toString())
        .body(state(true, session.csrfToken()));
  }

  @PostMapping("/auth/logout")
  ResponseEntity<Void> logout(HttpServletRequest request) {
    sessions.find(request).ifPresent(sessions::end);
    return ResponseEntity.noContent()
        .header(HttpHeaders.SET_COOKIE, BrowserSessions.expired(request.isSecure()).toString())
        .build();
  }

  private Map<String, Object> state(boolean authenticated, @Nullable String csrfToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_required", token.required());
    body.put("authenticated", authenticated);
    body.put("csrf_header", BrowserSessions.CSRF_HEADER);
    if (csrfToken != null) {
      body.put("csrf_token", csrfToken);
    }
    return body;
  }
}
