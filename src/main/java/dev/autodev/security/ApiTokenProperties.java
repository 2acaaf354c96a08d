package dev.autodev.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API token setting, documented in the top-level application.yml.
 *
 * @param token when set, every {@code /api} call (and {@code /actuator/info}, {@code
 *     /actuator/metrics}) needs {@code Authorization: Bearer <token>}; when unset and the server
 *     listens beyond loopback, a token is generated into {@code <autodev.home>/api-token}
 */
@ConfigurationProperties(prefix = "autodev.api")
public record ApiTokenProperties(@Nullable String token) {

  static final int MIN_LENGTH = 16;

  public ApiTokenProperties {
    if (token != null && token.isEmpty()) {
      token = null;
    }
    if (token != null
        && (token.length() < MIN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127))) {
      throw new IllegalArgumentException(
          "autodev.api.token must be at least "
              + MIN_LENGTH
              + " printable characters without spaces (it goes in an HTTP header)");
    }
  }
}
