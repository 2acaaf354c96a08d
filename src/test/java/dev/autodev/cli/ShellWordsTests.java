package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTests {

  @Test
  void splitsLikeAPosixShell() {
    assertThat(ShellWords.split("task create \"Test  task\" --tag a"))
        .containsExactly("task", "create", "Test  task", "--tag", "a");
    assertThat(ShellWords.split("note 'it''s' x")).containsExactly("note", "its", "x");
    assertThat(ShellWords.split("say \"a \\\"quote\\\"\" \\ b"))
        .containsExactly("say", "a \"quote\"", " b");
    assertThat(ShellWords.split("  ")).isEmpty();
    assertThat(ShellWords.split("empty \"\" arg")).containsExactly("empty", "", "arg");
  }

  @Test
  void anUnclosedQuoteIsAUsageError() {
    assertThatThrownBy(() -> ShellWords.split("task create \"oops"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unclosed double quote");
  }
}
