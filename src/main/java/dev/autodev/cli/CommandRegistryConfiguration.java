package dev.autodev.cli;

import java.lang.reflect.Method;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.annotation.support.CommandFactoryBean;
import org.springframework.shell.core.utils.Utils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The shell's command registry, built from the beans the context already knows instead of a second
 * classpath scan (Spring Shell's default reads every class file under the main package again on
 * each start, which a one-shot command pays for on every invocation). Same result: every {@link
 * Command} bean plus every {@code @Command} method of every bean, and the quit command.
 */
@Configuration(proxyBeanMethods = false)
class CommandRegistryConfiguration {

  @Bean
  CommandRegistry commandRegistry(ApplicationContext context) {
    CommandRegistry registry = new CommandRegistry();
    context.getBeansOfType(Command.class).values().forEach(registry::registerCommand);
    ReflectionUtils.MethodFilter annotated =
        method ->
            AnnotatedElementUtils.hasAnnotation(
                method, org.springframework.shell.core.command.annotation.Command.class);
    for (String name : context.getBeanNamesForType(Object.class, false, false)) {
      Class<?> type = context.getType(name, false);
      if (type == null || !type.getPackageName().startsWith("dev.autodev")) {
        continue;
      }
      Set<Method> methods =
          MethodIntrospector.selectMethods(ClassUtils.getUserClass(type), annotated);
      for (Method method : methods) {
        CommandFactoryBean factory = new CommandFactoryBean(method);
        factory.setApplicationContext(context);
        registry.registerCommand(factory.getObject());
      }
    }
    registry.registerCommand(Utils.QUIT_COMMAND);
    return registry;
  }
}
