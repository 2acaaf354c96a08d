package dev.autodev.security;

import dev.autodev.store.StorePaths;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP security defaults: stateless (no session, no CSRF token, no login form, no generated
 * password), health always open for checks, and, when a token is required (configured, or the
 * server listens beyond loopback), every other endpoint behind {@code Authorization: Bearer}.
 * Host/Origin checks run first on every request. Only where the web server runs: one-shot commands
 * never load Spring Security.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(ApiTokenProperties.class)
class ApiSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  ApiToken apiToken(
      ApiTokenProperties properties,
      @Value("${server.address:#{null}}") @Nullable String address,
      StorePaths paths) {
    ApiToken token =
        ApiToken.resolve(properties.token(), address, paths.home().resolve("api-token"));
    if (token.file() != null) {
      log.warn(
          "The REST API listens beyond loopback ({}): calls need 'Authorization: Bearer <token>'"
              + " with the token in {} (readable by you only)",
          address == null ? "all interfaces" : address,
          token.file());
    }
    return token;
  }

  @Bean
  ApiTokenAuthenticationProvider apiTokenAuthenticationProvider(ApiToken token) {
    return new ApiTokenAuthenticationProvider(token);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http, ApiToken token, ApiTokenAuthenticationProvider provider, JsonMapper json)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    AuthenticationManager manager = new ProviderManager(provider);
    http.csrf(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new LocalRequestFilter(token.loopback(), problems), DisableEncodeUrlFilter.class)
        .addFilterBefore(
            new BearerTokenFilter(manager, problems, token.required()),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, failure) ->
                            problems.write(
                                request,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "this endpoint needs 'Authorization: Bearer <token>'"))
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            problems.write(
                                request, response, HttpStatus.FORBIDDEN, "access denied")))
        .authorizeHttpRequests(
            a -> {
              a.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
              if (token.required()) {
                a.anyRequest().authenticated();
              } else {
                a.anyRequest().permitAll();
              }
            });
    return http.build();
  }
}
