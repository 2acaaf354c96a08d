package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskInputTests {

  @Test
  void namesAreTrimmedAndBounded() {
    assertThat(TaskInput.name("  Test task ")).isEqualTo("Test task");
    assertThatThrownBy(() -> TaskInput.name("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> TaskInput.name("x".repeat(201))).hasMessageContaining("limit is 200");
    assertThatThrownBy(() -> TaskInput.name("two\nlines")).hasMessageContaining("one line");
    assertThatThrownBy(() -> TaskInput.name("bell\u0007")).hasMessageContaining("control");
    assertThat(TaskInput.name("Ünïcödé ✓ 任务")).isEqualTo("Ünïcödé ✓ 任务");
  }

  @Test
  void tagsAreWordsWithoutDuplicates() {
    assertThat(TaskInput.tags(List.of("db", "db", " api "))).containsExactly("db", "api");
    assertThatThrownBy(() -> TaskInput.tags(List.of("has space")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TaskInput.tags(List.of("a,b")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void idsAreValidatedBeforeUse() {
    assertThat(TaskInput.idOrPrefix("ABCD")).isEqualTo("abcd");
    assertThat(TaskInput.fullId("6d1df7de-3f09-4aac-b0ea-7eab36823f0e")).isNotNull();
    assertThat(TaskInput.fullId("6d1df7de")).isNull();
    for (String hostile : List.of("../x", "%2e%2e", "abc", "zzzz", "a".repeat(37), "")) {
      assertThatThrownBy(() -> TaskInput.idOrPrefix(hostile))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void statusAndPriorityParseFriendlyForms() {
    assertThat(TaskStatus.parse("In-Progress")).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(Priority.parse("HIGH")).isEqualTo(Priority.HIGH);
    assertThatThrownBy(() -> TaskStatus.parse("done")).hasMessageContaining("expected one of");
    assertThatThrownBy(() -> Priority.parse("urgent")).hasMessageContaining("low, medium, high");
  }
}
