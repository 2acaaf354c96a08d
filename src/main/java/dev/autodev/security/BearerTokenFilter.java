package dev.autodev.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <token>} and authenticates the request with it. A wrong token
 * is refused here with 401. Without the header, a request is anonymous when a token is required
 * (the authorization rules then answer 401, except on the open health endpoint, which then hides
 * its details), and a local caller otherwise (loopback with no token configured: everyone who can
 * reach the port is the local user, so health shows its details).
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final String PREFIX = "bearer ";

  private final AuthenticationManager authentication;
  private final ProblemResponses problems;
  private final boolean tokenRequired;

  BearerTokenFilter(
      AuthenticationManager authentication, ProblemResponses problems, boolean tokenRequired) {
    this.authentication = authentication;
    this.problems = problems;
    this.tokenRequired = tokenRequired;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null) {
      if (!tokenRequired) {
        SecurityContextHolder.getContext().setAuthentication(BearerToken.authenticated());
      }
      chain.doFilter(request, response);
      return;
    }
    if (!header.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      problems.write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "only bearer tokens are accepted: send 'Authorization: Bearer <token>'");
      return;
    }
    try {
      Authentication done =
          authentication.authenticate(
              BearerToken.unauthenticated(header.substring(PREFIX.length()).trim()));
      SecurityContextHolder.getContext().setAuthentication(done);
    } catch (AuthenticationException e) {
      SecurityContextHolder.clearContext();
      problems.write(request, response, HttpStatus.UNAUTHORIZED, String.valueOf(e.getMessage()));
      return;
    }
    chain.doFilter(request, response);
  }
}
