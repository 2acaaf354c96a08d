package dev.autodev.cli;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.BeanDescriptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The validator Spring Shell checks command parameters with, in one-shot mode. Bootstrapping
 * Hibernate Validator costs a few hundred classes on every command, and most commands declare no
 * constraints (the tracker validates its input itself), so it is built only when a command method
 * actually declares a constraint; otherwise the answer — no violations — is exact without it.
 */
@Component
@ConditionalOnProperty(name = "autodev.run-mode", havingValue = "one-shot")
class LazyCommandValidator implements Validator, ExecutableValidator {

  private final Map<Method, Boolean> constrained = new ConcurrentHashMap<>();
  private volatile @Nullable Validator delegate;

  private Validator delegate() {
    Validator v = delegate;
    if (v == null) {
      synchronized (this) {
        v = delegate;
        if (v == null) {
          try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            v = factory.getValidator();
          }
          delegate = v;
        }
      }
    }
    return v;
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateParameters(
      T object, Method method, @Nullable Object[] parameterValues, Class<?>... groups) {
    if (!constrained.computeIfAbsent(method, LazyCommandValidator::declaresConstraints)) {
      return Set.of();
    }
    return delegate().forExecutables().validateParameters(object, method, parameterValues, groups);
  }

  static boolean declaresConstraints(Method method) {
    if (isConstraint(method.getAnnotations())) {
      return true;
    }
    for (Parameter p : method.getParameters()) {
      if (isConstraint(p.getAnnotations()) || isConstrained(p.getAnnotatedType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConstrained(AnnotatedType type) {
    if (isConstraint(type.getAnnotations())) {
      return true;
    }
    if (type instanceof AnnotatedParameterizedType parameterized) {
      for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
        if (isConstrained(argument)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isConstraint(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a instanceof Valid
          || a.annotationType().isAnnotationPresent(jakarta.validation.Constraint.class)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ExecutableValidator forExecutables() {
    return this;
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validate(T object, Class<?>... groups) {
    return delegate().validate(object, groups);
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateProperty(
      T object, String propertyName, Class<?>... groups) {
    return delegate().validateProperty(object, propertyName, groups);
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateValue(
      Class<T> beanType, String propertyName, @Nullable Object value, Class<?>... groups) {
    return delegate().validateValue(beanType, propertyName, value, groups);
  }

  @Override
  public BeanDescriptor getConstraintsForClass(Class<?> clazz) {
    return delegate().getConstraintsForClass(clazz);
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return delegate().unwrap(type);
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateReturnValue(
      T object, Method method, @Nullable Object returnValue, Class<?>... groups) {
    return delegate().forExecutables().validateReturnValue(object, method, returnValue, groups);
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateConstructorParameters(
      Constructor<? extends T> constructor,
      @Nullable Object[] parameterValues,
      Class<?>... groups) {
    return delegate()
        .forExecutables()
        .validateConstructorParameters(constructor, parameterValues, groups);
  }

  @Override
  public <T> Set<ConstraintViolation<T>> validateConstructorReturnValue(
      Constructor<? extends T> constructor, T createdObject, Class<?>... groups) {
    return delegate()
        .forExecutables()
        .validateConstructorReturnValue(constructor, createdObject, groups);
  }
}
