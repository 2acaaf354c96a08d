package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTests {

  @TempDir Path dir;
  private final AtomicFileWriter writer = new AtomicFileWriter(new RealStoreFileSystem());

  @Test
  void replacesTheFileAndKeepsThePreviousVersionAsBak() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("{\"v\":1}"), c -> {}, true);
    writer.replace(target, bytes("{\"v\":2}"), c -> {}, true);

    assertThat(Files.readString(target)).isEqualTo("{\"v\":2}");
    assertThat(Files.readString(dir.resolve("state.json.bak"))).isEqualTo("{\"v\":1}");
    assertThat(dir.resolve("state.json.tmp")).doesNotExist();
  }

  @Test
  void contentThatFailsValidationReplacesNothing() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("{\"v\":1}"), c -> {}, true);

    assertThatThrownBy(
            () ->
                writer.replace(
                    target,
                    bytes("{\"v\":"),
                    c -> {
                      throw new IllegalArgumentException("truncated JSON");
                    },
                    true))
        .isInstanceOf(AtomicFileWriter.ReplaceFailed.class)
        .hasMessageContaining("failed validation: truncated JSON")
        .satisfies(e -> assertThat(((AtomicFileWriter.ReplaceFailed) e).replaced()).isFalse());

    assertThat(Files.readString(target)).isEqualTo("{\"v\":1}");
    assertThat(dir.resolve("state.json.tmp")).doesNotExist();
  }

  @Test
  void restoreBackupPutsThePreviousVersionBack() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("old"), c -> {}, true);
    writer.replace(target, bytes("new"), c -> {}, true);

    writer.restoreBackup(target);

    assertThat(Files.readString(target)).isEqualTo("old");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
