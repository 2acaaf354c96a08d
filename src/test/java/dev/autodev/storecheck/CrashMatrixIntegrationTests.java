package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A few trials of the crash matrix per point (the bench runs hundreds): a child JVM halted at each
 * named point of the write protocol, or SIGKILLed at a random moment, loses no acknowledged change,
 * and the store verifies clean after the automatic recovery.
 */
class CrashMatrixIntegrationTests {

  @TempDir Path dir;

  static List<Arguments> trials() {
    List<Arguments> all = new ArrayList<>();
    for (String point : CrashMatrix.points()) {
      int n = point.equals("SIGKILL") ? 3 : 2;
      for (int i = 0; i < n; i++) {
        all.add(Arguments.of(point, 1000L * point.hashCode() + i));
      }
    }
    return all;
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("trials")
  void noAcknowledgedChangeIsLostAndTheStoreVerifiesClean(String point, long seed)
      throws Exception {
    CrashMatrix.Trial trial = CrashMatrix.run(dir.resolve("store"), point, new Random(seed));
    assertThat(trial.acknowledged())
        .as("the child acknowledged changes before it died")
        .isPositive();
    assertThat(trial.died()).as("the child died at " + point).isTrue();
    assertThat(trial.lost()).as(trial.detail()).isZero();
    assertThat(trial.verifyClean()).as(trial.detail()).isTrue();
  }
}
