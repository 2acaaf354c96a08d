package dev.autodev.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Accepts a {@link BearerToken} equal to the API token. Being the application's authentication
 * provider also stops Spring Boot from creating its default user with a generated password.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

  private final ApiToken token;

  ApiTokenAuthenticationProvider(ApiToken token) {
    this.token = token;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    Object presented = authentication.getCredentials();
    if (!token.required()) {
      return BearerToken.authenticated(); // no token configured: loopback callers need none
    }
    if (presented instanceof String s && token.matches(s)) {
      return BearerToken.authenticated();
    }
    throw new BadCredentialsException("the bearer token is not this server's API token");
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerToken.class.isAssignableFrom(authentication);
  }
}
