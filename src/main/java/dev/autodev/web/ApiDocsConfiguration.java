package dev.autodev.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Swagger UI and {@code /v3/api-docs} say about the API as a whole: its name, the version of
 * this build, what it is for, and the bearer token scheme (so "Authorize" works where a token is
 * required). The tags are named on the controllers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ApiDocsConfiguration {

  static final String DESCRIPTION =
      """
      The REST API of auto-dev tasks, a crash-safe, local-first task tracker and working memory \
      for people and coding agents. Every change is durable (journal, fsync, atomic snapshot) \
      before its response is sent, whichever process made it.

      - Tasks carry `ETag: "<version>"`; send it back as `If-Match` on a change to have it refused \
      with 412 if the task moved on.
      - Errors are RFC 9457 problem details (`application/problem+json`).
      - On loopback with no token configured, no credentials are needed; otherwise send \
      `Authorization: Bearer <token>` (the token is `autodev.api.token`, or the `api-token` file \
      in the data folder).
      - `GET /api/events` streams every committed change as server-sent events.
      - The web board is served at `/`.""";

  @Bean
  OpenAPI autodevOpenApi(ObjectProvider<BuildProperties> build) {
    BuildProperties properties = build.getIfAvailable();
    String version = properties == null ? "development build" : properties.getVersion();
    return new OpenAPI()
        .info(new Info().title("auto-dev tasks API").version(version).description(DESCRIPTION))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "Needed when a token is required: autodev.api.token is set, or the"
                                + " server listens beyond loopback")));
  }
}
