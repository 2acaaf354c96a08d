package dev.autodev.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request without {@code Authorization} by the board's session cookie, where a
 * token is required. A missing, unknown or expired cookie leaves the request anonymous (401 on the
 * API, and the board shows its login). State-changing requests it authenticates must also pass the
 * CSRF check.
 */
final class BrowserSessionFilter extends OncePerRequestFilter {

  private final BrowserSessions sessions;

  BrowserSessionFilter(BrowserSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication current = SecurityContextHolder.getContext().getAuthentication();
    if (request.getHeader("Authorization") == null
        && (current == null || !current.isAuthenticated())) {
      sessions
          .find(request)
          .ifPresent(
              s ->
                  SecurityContextHolder.getContext()
                      .setAuthentication(
                          UsernamePasswordAuthenticationToken.authenticated(
                              "board-login", null, List.of())));
    }
    chain.doFilter(request, response);
  }
}
