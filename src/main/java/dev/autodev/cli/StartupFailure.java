package dev.autodev.cli;

import dev.autodev.store.StoreException;
import dev.autodev.tracker.TrackerException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The one line a user reads when the application cannot start — a data folder that cannot be
 * created, a file a newer auto-dev wrote, a setting that does not parse — instead of Spring's
 * report and stack trace: the message of the cause that says what is wrong, found under the bean
 * creation exceptions that wrap it.
 */
final class StartupFailure {

  private StartupFailure() {}

  /** What went wrong, on one line, without the {@code error: } prefix. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StoreException
          || t instanceof TrackerException
          || t instanceof UsageException) {
        return oneLine(CommandRunner.describe(t).error());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        return oneLine(setting(bind));
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (!isWrapper(t) || t.getCause() == null) {
        return oneLine(message(t));
      }
    }
    return oneLine(message(failure));
  }

  /** A setting that could not be bound: its name, value and where it came from, and why. */
  private static String setting(BindException bind) {
    for (Throwable t = bind.getCause(); t != null; t = t.getCause()) {
      if (t instanceof BindValidationException invalid) {
        return invalid.getValidationErrors().getAllErrors().stream()
            .map(e -> invalid(bind.getName().toString(), e))
            .collect(Collectors.joining("; "));
      }
    }
    Throwable root = bind;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    ConfigurationProperty property = bind.getProperty();
    if (property == null) {
      return "invalid setting under " + bind.getName() + ": " + message(root);
    }
    return "invalid setting "
        + property.getName()
        + " = \""
        + property.getValue()
        + '"'
        + from(property.getOrigin())
        + ": "
        + message(root);
  }

  private static String invalid(String prefix, ObjectError error) {
    if (error instanceof FieldError field) {
      return "invalid setting "
          + prefix
          + "."
          + kebab(field.getField())
          + " = \""
          + field.getRejectedValue()
          + '"'
          + from(Origin.from(field))
          + ": "
          + field.getDefaultMessage();
    }
    return "invalid setting under " + prefix + ": " + error.getDefaultMessage();
  }

  private static String from(@Nullable Origin origin) {
    return origin == null ? "" : " (from " + origin + ")";
  }

  /** {@code queryThreads} as it is written in a setting: {@code query-threads}. */
  private static String kebab(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * Exceptions that only say where the real cause happened (creating a bean, a reflective call).
   */
  private static boolean isWrapper(Throwable t) {
    return t instanceof BeansException
        || t instanceof InvocationTargetException
        || t instanceof UndeclaredThrowableException;
  }

  private static String message(Throwable t) {
    @Nullable String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
