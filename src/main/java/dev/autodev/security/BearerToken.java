package dev.autodev.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A presented API token: unauthenticated as read from the header, authenticated once it matched.
 */
final class BearerToken extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final @Nullable String token;

  private BearerToken(@Nullable String token, boolean authenticated) {
    super(List.of());
    this.token = token;
    setAuthenticated(authenticated);
  }

  static BearerToken unauthenticated(String token) {
    return new BearerToken(token, false);
  }

  /** The accepted caller; the token itself is not kept past the check. */
  static BearerToken authenticated() {
    return new BearerToken(null, true);
  }

  @Override
  public @Nullable Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return "api-client";
  }
}
