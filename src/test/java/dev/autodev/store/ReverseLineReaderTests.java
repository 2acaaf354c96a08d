package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Newest lines first, across chunk boundaries, skipping a torn tail. */
class ReverseLineReaderTests {

  @TempDir Path dir;

  private static List<String> backwards(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    try (ReverseLineReader reader = new ReverseLineReader(file)) {
      byte[] line;
      while ((line = reader.previous()) != null) {
        lines.add(new String(line, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  void readsEveryLineFromTheEndAcrossChunksAndSkipsATornTail() throws Exception {
    List<String> written = new ArrayList<>();
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      String line = i % 97 == 0 ? "" : ("line " + i + " ").repeat(1 + i % 40);
      written.add(line);
      content.append(line).append('\n');
    }
    content.append("{\"torn\":");
    Path file = dir.resolve("f.jsonl");
    Files.writeString(file, content);
    List<String> expected = new ArrayList<>(written);
    Collections.reverse(expected);
    assertThat(backwards(file)).isEqualTo(expected);
  }

  @Test
  void emptyFilesAndAFileThatIsOneTornLineHaveNoLines() throws Exception {
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThat(backwards(empty)).isEmpty();
    Path torn = dir.resolve("torn");
    Files.writeString(torn, "x".repeat(200_000));
    assertThat(backwards(torn)).isEmpty();
  }
}
