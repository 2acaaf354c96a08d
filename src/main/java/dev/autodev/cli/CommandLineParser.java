package dev.autodev.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.core.command.adapter.MethodInvokerCommandAdapter;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * Turns words into a Spring Shell {@link ParsedInput} without ever joining and re-splitting them,
 * so {@code task create "Test task"} keeps its name. Unknown commands and options, missing values,
 * repeated single-valued options and stray arguments are usage errors, never silently ignored. Also
 * serves as the shell's {@link CommandParser} for lines typed at the prompt.
 */
@Component
public class CommandLineParser implements CommandParser {

  private final CommandRegistry registry;
  private final Map<String, Integer> arity = new ConcurrentHashMap<>();

  public CommandLineParser(CommandRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ParsedInput parse(String line) {
    return parse(ShellWords.split(line));
  }

  /** Parses already-split words: argv of a one-shot command, or a split prompt line. */
  public ParsedInput parse(List<String> words) {
    if (words.isEmpty()) {
      throw new UsageException("no command given; run 'help' to list the commands");
    }
    int nameLength = commandNameLength(words);
    String name = String.join(" ", words.subList(0, nameLength));
    Command command = registry.getCommandByName(name);
    if (command == null) {
      throw new UsageException(unknownCommand(words));
    }
    ParsedInput.Builder input = ParsedInput.builder().commandName(words.get(0));
    for (String sub : words.subList(1, nameLength)) {
      input.addSubCommand(sub);
    }
    List<String> rest = words.subList(nameLength, words.size());
    if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
      return input
          .addOption(CommandOption.with().shortName('h').longName("help").value("true").build())
          .build();
    }
    parseOptionsAndArguments(name, command, rest, input);
    return input.build();
  }

  private void parseOptionsAndArguments(
      String name, Command command, List<String> rest, ParsedInput.Builder input) {
    Map<String, List<String>> given = new LinkedHashMap<>();
    Map<String, CommandOption> defs = new LinkedHashMap<>();
    List<String> arguments = new ArrayList<>();
    boolean argumentsOnly = false;
    for (int i = 0; i < rest.size(); i++) {
      String word = rest.get(i);
      if (!argumentsOnly && word.equals("--")) {
        argumentsOnly = true;
        continue;
      }
      if (argumentsOnly || !isOption(word)) {
        arguments.add(word);
        continue;
      }
      int eq = word.indexOf('=');
      String flag = eq < 0 ? word : word.substring(0, eq);
      String inline = eq < 0 ? null : word.substring(eq + 1);
      CommandOption def = find(command, flag);
      if (def == null) {
        throw new UsageException(
            "unknown option '"
                + flag
                + "' for '"
                + name
                + "'"
                + optionList(command)
                + "; to pass a value that starts with '-', put '--' before it");
      }
      String value;
      if (isBoolean(def)) {
        if (inline != null) {
          value = inline;
        } else if (i + 1 < rest.size()
            && (rest.get(i + 1).equals("true") || rest.get(i + 1).equals("false"))) {
          value = rest.get(++i);
        } else {
          value = "true";
        }
        if (!value.equals("true") && !value.equals("false")) {
          throw new UsageException("option " + flag + " takes true or false, not '" + value + "'");
        }
      } else if (inline != null) {
        value = inline;
      } else if (i + 1 < rest.size()) {
        value = rest.get(++i);
      } else {
        throw new UsageException("option " + flag + " needs a value");
      }
      String key = String.valueOf(def.longName());
      List<String> values = given.computeIfAbsent(key, k -> new ArrayList<>());
      if (!values.isEmpty() && !isMultiValued(def)) {
        throw new UsageException("option --" + key + " was given more than once");
      }
      values.add(value);
      defs.put(key, def);
    }
    for (CommandOption def : command.getOptions()) {
      if (Boolean.TRUE.equals(def.required()) && !given.containsKey(def.longName())) {
        throw new UsageException("'" + name + "' needs --" + def.longName());
      }
    }
    int max = maxArguments(command);
    if (max >= 0 && arguments.size() > max) {
      throw new UsageException(
          "'"
              + name
              + "' takes "
              + (max == 0 ? "no arguments" : "at most " + max + " argument" + (max == 1 ? "" : "s"))
              + " but got "
              + arguments.size()
              + ": "
              + arguments.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "))
              + (max > 0 ? "; quote a value that contains spaces" : ""));
    }
    for (Map.Entry<String, List<String>> e : given.entrySet()) {
      CommandOption def = defs.get(e.getKey());
      input.addOption(
          CommandOption.with()
              .shortName(def.shortName())
              .longName(e.getKey())
              .value(String.join(",", e.getValue()))
              .build());
    }
    for (int i = 0; i < arguments.size(); i++) {
      input.addArgument(new CommandArgument(i, arguments.get(i)));
    }
  }

  /** How many leading words name a registered command (the longest match). */
  private int commandNameLength(List<String> words) {
    int best = 0;
    for (int i = 1; i <= words.size(); i++) {
      String candidate = String.join(" ", words.subList(0, i));
      if (registry.getCommandByName(candidate) != null) {
        best = i;
      } else if (registry.getCommandsByPrefix(candidate + " ").isEmpty()) {
        break;
      }
    }
    return best;
  }

  private String unknownCommand(List<String> words) {
    String first = words.get(0);
    List<Command> group = registry.getCommandsByPrefix(first + " ");
    String typed = String.join(" ", words.subList(0, Math.min(words.size(), 2)));
    if (!group.isEmpty()) {
      Set<String> names = new TreeSet<>();
      group.forEach(c -> names.add(c.getName()));
      return "unknown command '"
          + typed
          + "'; the '"
          + first
          + "' commands are: "
          + String.join(", ", names);
    }
    return "unknown command '" + first + "'; run 'help' to list the commands";
  }

  private static boolean isOption(String word) {
    if (word.length() < 2 || word.charAt(0) != '-') {
      return false;
    }
    // A negative number is a value, not an option.
    return !word.substring(1).chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }

  private static @Nullable CommandOption find(Command command, String flag) {
    for (CommandOption o : command.getOptions()) {
      if (o.isOptionEqual(flag)) {
        return o;
      }
    }
    return null;
  }

  private static boolean isBoolean(CommandOption def) {
    return def.type() == boolean.class || def.type() == Boolean.class;
  }

  private static boolean isMultiValued(CommandOption def) {
    return Collection.class.isAssignableFrom(def.type()) || def.type().isArray();
  }

  private static String optionList(Command command) {
    if (command.getOptions().isEmpty()) {
      return "; it takes no options";
    }
    return "; its options are: "
        + command.getOptions().stream()
            .map(o -> "--" + o.longName())
            .sorted()
            .collect(Collectors.joining(", "));
  }

  /**
   * How many positional arguments a command takes (-1: any number). Read from the annotated method
   * behind Spring Shell's adapter, which the Command interface does not expose.
   */
  private int maxArguments(Command command) {
    return arity.computeIfAbsent(command.getName(), n -> countArguments(command));
  }

  private static int countArguments(Command command) {
    if (!(command instanceof MethodInvokerCommandAdapter)) {
      return -1; // built-in commands such as help check their own arguments
    }
    Field field = ReflectionUtils.findField(MethodInvokerCommandAdapter.class, "method");
    if (field == null) {
      return -1;
    }
    ReflectionUtils.makeAccessible(field);
    Method method = (Method) ReflectionUtils.getField(field, command);
    if (method == null) {
      return -1;
    }
    int count = 0;
    for (Parameter p : method.getParameters()) {
      if (p.isAnnotationPresent(Arguments.class)) {
        return -1;
      }
      if (p.isAnnotationPresent(Argument.class)) {
        count = Math.max(count, p.getAnnotation(Argument.class).index() + 1);
      }
    }
    return count;
  }
}
