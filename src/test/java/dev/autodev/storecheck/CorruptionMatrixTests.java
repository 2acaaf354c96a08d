package dev.autodev.storecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file kind damaged every way: verify must see it, and the automatic recovery plus {@code
 * store repair} must either bring the store back with no acknowledged change lost, or refuse with a
 * clear message and change nothing (a file a newer auto-dev wrote).
 */
class CorruptionMatrixTests {

  @TempDir static Path dir;
  private static String plain;
  private static final AtomicInteger CASE = new AtomicInteger();

  @BeforeAll
  static void seed() throws IOException {
    plain = CorruptionMatrix.seed(dir.resolve("seed"));
  }

  static List<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (CorruptionMatrix.Kind k : CorruptionMatrix.Kind.values()) {
      for (CorruptionMatrix.Damage d : CorruptionMatrix.Damage.values()) {
        all.add(Arguments.of(k, d));
      }
    }
    return all;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void damageIsDetectedAndRepairedOrRefused(CorruptionMatrix.Kind kind, CorruptionMatrix.Damage d)
      throws IOException {
    CorruptionMatrix.Row row =
        CorruptionMatrix.run(
            dir.resolve("seed"), plain, dir.resolve("case-" + CASE.incrementAndGet()), kind, d);
    assertThat(row.detected()).as("verify detects it").isTrue();
    if (d == CorruptionMatrix.Damage.NEWER_SCHEMA) {
      assertThat(row.outcome()).as(row.detail()).isEqualTo("refused");
      assertThat(row.detail()).contains("schema_version");
    } else {
      assertThat(row.outcome()).as(row.detail()).isEqualTo("recovered");
      assertThat(row.lost()).as("acknowledged changes lost: " + row.detail()).isZero();
      assertThat(row.altered()).as("acknowledged changes altered: " + row.detail()).isZero();
    }
  }

  /**
   * Single-bit flips that keep the JSON valid, in current.json, memory.json and their backups of a
   * small store: store verify detects every one, and what recovery would load alters and loses no
   * acknowledged change. memory.json.bak is swept whole, every byte and bit (about 2,400 flips that
   * keep the JSON valid); the others at every {@code autodev.test.flip-stride}-th byte (default 64;
   * 1 sweeps every byte). {@code bench/corruption-matrix.sh} sweeps every byte of the larger matrix
   * store, and SnapshotFormatTests checks every flip of both files where they are parsed.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = CorruptionMatrix.Kind.class,
      names = {"CURRENT", "CURRENT_BAK", "MEMORY", "MEMORY_BAK"})
  void singleBitFlipsThatKeepTheJsonValidAreAllDetectedAndAlterNothing(CorruptionMatrix.Kind kind)
      throws IOException {
    Path small = dir.resolve("small");
    synchronized (CorruptionMatrixTests.class) {
      if (!Files.exists(small)) {
        CorruptionMatrix.seedSmall(small);
      }
    }
    int stride =
        kind == CorruptionMatrix.Kind.MEMORY_BAK
            ? 1
            : Integer.getInteger("autodev.test.flip-stride", 64);
    CorruptionMatrix.Sweep sweep =
        CorruptionMatrix.sweep(small, dir.resolve("flips-" + CASE.incrementAndGet()), kind, stride);
    assertThat(sweep.validJson()).as("flips that keep the JSON valid").isGreaterThan(20);
    assertThat(sweep.detected()).as("detected by verify: " + sweep).isEqualTo(sweep.validJson());
    assertThat(sweep.altered()).as("acknowledged changes altered: " + sweep).isZero();
    assertThat(sweep.lost()).as("acknowledged changes lost: " + sweep).isZero();
  }
}
