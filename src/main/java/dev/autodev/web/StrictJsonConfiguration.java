package dev.autodev.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean what they say: a number or boolean where the API expects text ({@code
 * {"name": 1}}), or text where it expects a boolean ({@code {"force": "yes"}}), is a 400 naming the
 * field, not silently converted. Only request bodies are read with this mapper (the store files
 * have their own, {@code TrackerJson}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer noScalarCoercion() {
    return builder ->
        builder
            .withCoercionConfig(
                LogicalType.Textual,
                c -> {
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                  c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                  c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                })
            .withCoercionConfig(
                LogicalType.Boolean,
                c -> {
                  c.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                })
            .withCoercionConfig(
                LogicalType.Integer,
                c -> {
                  c.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                  c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                });
  }
}
