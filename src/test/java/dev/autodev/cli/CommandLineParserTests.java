package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

class CommandLineParserTests {

  private CommandLineParser parser;

  @BeforeEach
  void registry() {
    CommandRegistry registry = new CommandRegistry();
    registry.registerCommand(
        Command.builder()
            .name("task create")
            .options(
                CommandOption.with().longName("tag").shortName('t').type(List.class).build(),
                CommandOption.with().longName("priority").type(String.class).build(),
                CommandOption.with().longName("json").type(Boolean.class).build())
            .execute(ctx -> "ok"));
    registry.registerCommand(
        Command.builder()
            .name("task fail")
            .options(
                CommandOption.with().longName("reason").required(true).type(String.class).build())
            .execute(ctx -> "ok"));
    registry.registerCommand(Command.builder().name("task list").execute(ctx -> "ok"));
    parser = new CommandLineParser(registry);
  }

  @Test
  void wordsAreTakenAsGivenNeverResplit() {
    ParsedInput in = parser.parse(List.of("task", "create", "Test  task", "--priority", "high"));

    assertThat(in.commandName()).isEqualTo("task");
    assertThat(in.subCommands()).containsExactly("create");
    assertThat(in.arguments()).extracting(CommandArgument::value).containsExactly("Test  task");
    assertThat(in.options())
        .singleElement()
        .satisfies(o -> assertThat(o.value()).isEqualTo("high"));
  }

  @Test
  void booleanOptionsNeedNoValueAndRepeatableOptionsAccumulate() {
    ParsedInput in = parser.parse(List.of("task", "create", "x", "--json", "-t", "a", "--tag=b"));

    assertThat(in.options())
        .extracting(CommandOption::longName, CommandOption::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("json", "true"),
            org.assertj.core.groups.Tuple.tuple("tag", "a,b"));
  }

  @Test
  void aValueMayStartWithADashAndDoubleDashEndsOptions() {
    assertThat(parser.parse(List.of("task", "fail", "--reason", "-1 is wrong")).options())
        .singleElement()
        .satisfies(o -> assertThat(o.value()).isEqualTo("-1 is wrong"));
    assertThat(parser.parse(List.of("task", "create", "--", "--not-an-option")).arguments())
        .extracting(CommandArgument::value)
        .containsExactly("--not-an-option");
  }

  @Test
  void mistakesAreUsageErrorsThatSayWhatIsWrong() {
    assertThatThrownBy(() -> parser.parse(List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no command");
    assertThatThrownBy(() -> parser.parse(List.of("task", "nope")))
        .hasMessageContaining("unknown command 'task nope'")
        .hasMessageContaining("task create, task fail, task list");
    assertThatThrownBy(() -> parser.parse(List.of("bogus")))
        .hasMessageContaining("unknown command 'bogus'");
    assertThatThrownBy(() -> parser.parse(List.of("task", "create", "x", "--colour", "red")))
        .hasMessageContaining("unknown option '--colour'")
        .hasMessageContaining("--json, --priority, --tag");
    assertThatThrownBy(() -> parser.parse(List.of("task", "create", "x", "--priority")))
        .hasMessageContaining("--priority needs a value");
    assertThatThrownBy(
            () -> parser.parse(List.of("task", "create", "--priority", "a", "--priority", "b")))
        .hasMessageContaining("given more than once");
    assertThatThrownBy(() -> parser.parse(List.of("task", "fail", "abcd")))
        .hasMessageContaining("needs --reason");
    assertThatThrownBy(() -> parser.parse(List.of("task", "create", "x", "--json=maybe")))
        .hasMessageContaining("takes true or false");
  }

  @Test
  void helpIsAlwaysAccepted() {
    ParsedInput in = parser.parse(List.of("task", "fail", "--help"));
    assertThat(in.options())
        .singleElement()
        .satisfies(o -> assertThat(o.longName()).isEqualTo("help"));
    assertThat(ExitStatus.OK.code()).isZero();
  }
}
