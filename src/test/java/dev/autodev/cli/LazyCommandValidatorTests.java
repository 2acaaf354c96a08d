package dev.autodev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class LazyCommandValidatorTests {

  @SuppressWarnings("unused")
  static class Commands {
    public void plain(String name, List<String> tags) {}

    public void checked(@NotBlank String name) {}

    public void nested(List<@Size(max = 3) String> tags) {}
  }

  private static Method method(String name) throws NoSuchMethodException {
    for (Method m : Commands.class.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void methodsWithoutConstraintsNeedNoValidator() throws Exception {
    assertThat(LazyCommandValidator.declaresConstraints(method("plain"))).isFalse();
    assertThat(
            new LazyCommandValidator()
                .validateParameters(new Commands(), method("plain"), new Object[] {"", List.of()}))
        .isEmpty();
  }

  @Test
  void declaredConstraintsAreStillChecked() throws Exception {
    assertThat(LazyCommandValidator.declaresConstraints(method("checked"))).isTrue();
    assertThat(LazyCommandValidator.declaresConstraints(method("nested"))).isTrue();
    assertThat(
            new LazyCommandValidator()
                .validateParameters(new Commands(), method("checked"), new Object[] {" "}))
        .singleElement()
        .satisfies(v -> assertThat(v.getMessage()).isNotBlank());
  }
}
