package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTests {

  @TempDir Path dir;
  private final AtomicFileWriter writer = new AtomicFileWriter(new RealStoreFileSystem());

  @Test
  void replacesTheFileAndKeepsThePreviousVersionAsBak() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("{\"v\":1}"), c -> {}, true).commit();
    writer.replace(target, bytes("{\"v\":2}"), c -> {}, true).commit();

    assertThat(Files.readString(target)).isEqualTo("{\"v\":2}");
    assertThat(Files.readString(dir.resolve("state.json.bak"))).isEqualTo("{\"v\":1}");
    assertThat(dir.resolve("state.json.tmp")).doesNotExist();
  }

  @Test
  void contentThatFailsValidationReplacesNothing() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("{\"v\":1}"), c -> {}, true).commit();

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
        .satisfies(e -> assertThat(((AtomicFileWriter.ReplaceFailed) e).leftReplaced()).isFalse());

    assertThat(Files.readString(target)).isEqualTo("{\"v\":1}");
    assertThat(dir.resolve("state.json.tmp")).doesNotExist();
  }

  @Test
  void rollBackPutsThePreviousVersionBackAndLeavesTheBackupUntouched() throws Exception {
    Path target = dir.resolve("state.json");
    Path bak = dir.resolve("state.json.bak");
    writer.replace(target, bytes("oldest"), c -> {}, true).commit();
    writer.replace(target, bytes("old"), c -> {}, true).commit();
    Object bakInode = Files.readAttributes(bak, BasicFileAttributes.class).fileKey();
    Object targetInode = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

    AtomicFileWriter.Replacement r = writer.replace(target, bytes("new"), c -> {}, true);
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Files.readString(bak)).isEqualTo("oldest");
    r.rollBack();

    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(Files.readAttributes(target, BasicFileAttributes.class).fileKey())
        .isEqualTo(targetInode);
    assertThat(Files.readString(bak)).isEqualTo("oldest");
    assertThat(Files.readAttributes(bak, BasicFileAttributes.class).fileKey()).isEqualTo(bakInode);
    assertThat(dir.resolve("state.json.bak.tmp")).doesNotExist();
  }

  @Test
  void rollingBackTheFirstVersionRemovesIt() throws Exception {
    Path target = dir.resolve("state.json");
    writer.replace(target, bytes("first"), c -> {}, true).rollBack();

    assertThat(target).doesNotExist();
    assertThat(dir.resolve("state.json.bak")).doesNotExist();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
