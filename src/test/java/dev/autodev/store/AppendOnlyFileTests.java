package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendOnlyFileTests {

  @TempDir Path dir;

  private static byte[] line(int n, int width) {
    String body = "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(width) + "\"}\n";
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static int number(byte[] line) {
    String s = new String(line, StandardCharsets.UTF_8);
    return Integer.parseInt(s.substring(5, s.indexOf(',')));
  }

  @Test
  void readsTheNewestLinesBackToTheFirstOldEnoughOne() {
    AppendOnlyFile file = new AppendOnlyFile(dir.resolve("log.jsonl"), new RealStoreFileSystem());
    for (int i = 1; i <= 500; i++) {
      // lines of varying width, some longer than the 64 KiB read window
      file.append(line(i, i % 97 == 0 ? 150_000 : 40 + i % 13));
    }
    AppendOnlyFile.Tail tail = file.readTail(l -> number(l) <= 480);

    assertThat(tail.lines())
        .extracting(AppendOnlyFileTests::number)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(481, 500).boxed().toList());
    assertThat(tail.torn()).isFalse();
    assertThat(tail.size()).isEqualTo(file.size());

    AppendOnlyFile.Tail everything = file.readTail(l -> false);
    assertThat(everything.lines()).hasSize(500);
    assertThat(everything.firstOffset()).isZero();
  }

  @Test
  void aLastLineWithoutNewlineIsReportedAsTorn() throws Exception {
    Path path = dir.resolve("log.jsonl");
    AppendOnlyFile file = new AppendOnlyFile(path, new RealStoreFileSystem());
    file.append(line(1, 10));
    long good = file.size();
    Files.write(path, "{\"n\":2,\"pa".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

    AppendOnlyFile.Tail tail = file.readTail(l -> false);
    assertThat(tail.torn()).isTrue();
    assertThat(tail.tornOffset()).isEqualTo(good);
    assertThat(tail.lines()).hasSize(1);

    file.truncate(tail.tornOffset());
    assertThat(file.size()).isEqualTo(good);
  }

  @Test
  void aMissingFileIsEmpty() {
    AppendOnlyFile file = new AppendOnlyFile(dir.resolve("none.jsonl"), new RealStoreFileSystem());
    assertThat(file.size()).isZero();
    assertThat(file.readTail(l -> false).lines()).isEqualTo(List.of());
  }
}
