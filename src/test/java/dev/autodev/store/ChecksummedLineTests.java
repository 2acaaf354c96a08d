package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChecksummedLineTests {

  private static final byte[] JSON =
      "{\"rev\":7,\"name\":\"Ünïcödé\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void framesAsValidJsonAndReadsBackThePayload() {
    byte[] framed = ChecksummedLine.frame("entry", JSON);
    String text = new String(framed, StandardCharsets.UTF_8);
    assertThat(text).matches("\\{\"crc\":\"[0-9a-f]{8}\",\"entry\":\\{.*\\}\\}\n");

    byte[] line = Arrays.copyOf(framed, framed.length - 1);
    assertThat(ChecksummedLine.payload("entry", line)).isEqualTo(JSON);
  }

  @Test
  void everySingleFlippedByteIsDetected() {
    byte[] framed = ChecksummedLine.frame("entry", JSON);
    byte[] line = Arrays.copyOf(framed, framed.length - 1);
    for (int i = 0; i < line.length; i++) {
      byte[] damaged = line.clone();
      damaged[i] ^= 0x01;
      assertThatThrownBy(() -> ChecksummedLine.payload("entry", damaged))
          .as("byte %d", i)
          .isInstanceOf(ChecksummedLine.Corrupt.class);
    }
  }

  @Test
  void truncatedOrForeignLinesAreRefused() {
    byte[] framed = ChecksummedLine.frame("entry", JSON);
    assertThatThrownBy(() -> ChecksummedLine.payload("entry", Arrays.copyOf(framed, 20)))
        .isInstanceOf(ChecksummedLine.Corrupt.class);
    assertThatThrownBy(
            () -> ChecksummedLine.payload("record", Arrays.copyOf(framed, framed.length - 1)))
        .isInstanceOf(ChecksummedLine.Corrupt.class);
    assertThatThrownBy(() -> ChecksummedLine.payload("entry", new byte[0]))
        .isInstanceOf(ChecksummedLine.Corrupt.class);
  }
}
