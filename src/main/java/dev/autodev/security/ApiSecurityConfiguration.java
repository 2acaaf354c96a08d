package dev.autodev.security;

import dev.autodev.store.StorePaths;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
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
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP security defaults: no server-side HTTP session, no login form, no generated password;
 * health always open for checks; when a token is required (configured, or the server listens beyond
 * loopback), every other endpoint behind {@code Authorization: Bearer} or the board's login cookie,
 * whose state-changing requests need its CSRF token. The board's pages and assets are open (they
 * hold no data) and carry a strict Content-Security-Policy. Host/Origin checks run first on every
 * request. Only where the web server runs: one-shot commands never load Spring Security.
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

  /**
   * The policy of every response: scripts, styles, images and connections from this origin only, no
   * inline script or style, no plugins, never framed.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /**
   * Swagger UI (a third-party page) injects a style element at run time: it alone may use inline
   * styles. Scripts stay restricted to this origin everywhere.
   */
  static final String SWAGGER_UI_POLICY =
      CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

  /** The board's pages and assets: open, since the data they show comes from the API. */
  private static final String[] BOARD_PAGES = {
    "/",
    "/index.html",
    "/graph",
    "/history",
    "/stats",
    "/memory",
    "/store",
    "/sign-in",
    "/tasks/*",
    "/assets/**",
    "/favicon.ico",
    "/auth/session",
    "/auth/login",
    "/auth/logout"
  };

  @Bean
  BrowserSessions browserSessions(Clock clock) {
    return new BrowserSessions(clock);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiToken token,
      ApiTokenAuthenticationProvider provider,
      BrowserSessions sessions,
      JsonMapper json)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    AuthenticationManager manager = new ProviderManager(provider);
    BrowserSessionCsrf csrf = new BrowserSessionCsrf(sessions);
    http.csrf(
            c ->
                c.csrfTokenRepository(csrf)
                    .requireCsrfProtectionMatcher(csrf)
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
        .headers(
            h -> {
              RequestMatcher swaggerUi =
                  PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
              h.addHeaderWriter(
                      new DelegatingRequestMatcherHeaderWriter(
                          swaggerUi, new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
                  .addHeaderWriter(
                      new DelegatingRequestMatcherHeaderWriter(
                          new NegatedRequestMatcher(swaggerUi),
                          new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                  .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN));
            })
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
        .addFilterAfter(new BrowserSessionFilter(sessions), BearerTokenFilter.class)
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
                                request,
                                response,
                                HttpStatus.FORBIDDEN,
                                denied instanceof CsrfException
                                    ? "this request is authenticated by the board's login cookie"
                                        + " and needs its CSRF token in "
                                        + BrowserSessions.CSRF_HEADER
                                        + " (GET /auth/session gives it; the board sends it);"
                                        + " scripts send Authorization: Bearer instead"
                                    : "access denied")))
        .authorizeHttpRequests(
            a -> {
              a.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
              a.requestMatchers(BOARD_PAGES).permitAll();
              // The async dispatch that ends an event stream continues a request that was
              // authorized when it began (the token filters do not run again on it).
              a.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
              if (token.required()) {
                a.anyRequest().authenticated();
              } else {
                a.anyRequest().permitAll();
              }
            });
    return http.build();
  }
}
