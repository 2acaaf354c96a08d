package dev.autodev.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Whether the API can answer a request's {@code Accept} is decided when Spring MVC picks the
 * handler, before the handler runs, never afterwards when the response is written: by then a change
 * is saved, and refusing the answer (406) would tell a client that retries to apply it twice.
 *
 * <p>Two rules make the choice of handler the whole decision. Every mapping under {@code /api/}
 * declares what it produces ({@code application/json} unless it says otherwise), so a request that
 * accepts none of it matches no handler and gets 406 with nothing run. And the {@code Accept}
 * header is read as media ranges without parameters other than {@code q}: JSON defines none (RFC
 * 8259: it is UTF-8, a {@code charset} has no effect), and a parameter the handler mapping ignores
 * but the response writer honoured ({@code application/json;charset=iso-8859-1}) was the one way a
 * matched request could still be refused after the handler ran.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ContentNegotiationConfiguration implements WebMvcConfigurer {

  static final String API_PREFIX = "/api/";

  @Bean
  WebMvcRegistrations apiProducesJson() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new ApiHandlerMapping();
      }
    };
  }

  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
    configurer.strategies(List.of(new MediaRangesOnly(new HeaderContentNegotiationStrategy())));
  }

  /** Gives every {@code /api/} mapping that declares no {@code produces} the API's JSON. */
  static final class ApiHandlerMapping extends RequestMappingHandlerMapping {

    @Override
    protected @Nullable RequestMappingInfo getMappingForMethod(
        Method method, Class<?> handlerType) {
      RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
      if (info == null || !info.getProducesCondition().isEmpty() || !isApi(info)) {
        return info;
      }
      return info.mutate().produces(MediaType.APPLICATION_JSON_VALUE).build();
    }

    private static boolean isApi(RequestMappingInfo info) {
      return !info.getPatternValues().isEmpty()
          && info.getPatternValues().stream().allMatch(p -> p.startsWith(API_PREFIX));
    }
  }

  /** The {@code Accept} header's media ranges with their quality and no other parameter. */
  static final class MediaRangesOnly implements ContentNegotiationStrategy {
    private final ContentNegotiationStrategy header;

    MediaRangesOnly(ContentNegotiationStrategy header) {
      this.header = header;
    }

    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request)
        throws HttpMediaTypeNotAcceptableException {
      List<MediaType> types = header.resolveMediaTypes(request);
      if (types.stream().allMatch(t -> t.getParameters().isEmpty())) {
        return types;
      }
      List<MediaType> ranges = new ArrayList<>(types.size());
      for (MediaType type : types) {
        double q = type.getQualityValue();
        ranges.add(
            q == 1.0
                ? new MediaType(type.getType(), type.getSubtype())
                : new MediaType(
                    type.getType(), type.getSubtype(), Map.of("q", Double.toString(q))));
      }
      MimeTypeUtils.sortBySpecificity(ranges);
      return ranges;
    }
  }
}
