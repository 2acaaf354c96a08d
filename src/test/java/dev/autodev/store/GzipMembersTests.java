package dev.autodev.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Independent gzip members: one standard gzip stream to any reader, one block each to us. */
class GzipMembersTests {

  @TempDir Path dir;

  @Test
  void membersReadBackOneByOneAndAsOneStandardStream() throws Exception {
    byte[] a = "first block\nline two\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second block\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
    byte[] ma = GzipMembers.compress(a, 0, a.length, 6);
    byte[] mb = GzipMembers.compress(b, 0, b.length, 6);
    Path file = dir.resolve("x.jsonl.gz");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(ma);
    all.writeBytes(mb);
    Files.write(file, all.toByteArray());

    assertThat(GzipMembers.read(file, ma.length, mb.length)).isEqualTo(b);
    assertThat(GzipMembers.read(file, 0, ma.length)).isEqualTo(a);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(in.readAllBytes())
          .isEqualTo(
              (new String(a, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8));
    }
    List<long[]> seen = new ArrayList<>();
    GzipMembers.forEach(
        new ByteArrayInputStream(all.toByteArray()),
        file,
        (offset, length, content) -> seen.add(new long[] {offset, length, content.length}));
    assertThat(seen)
        .containsExactly(
            new long[] {0, ma.length, a.length}, new long[] {ma.length, mb.length, b.length});
  }

  @Test
  void aDamagedOrTruncatedMemberIsRefused() throws Exception {
    byte[] data = "some content that compresses\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] member = GzipMembers.compress(data, 0, data.length, 6);
    byte[] flipped = member.clone();
    flipped[flipped.length - 6] ^= 0x01; // inside the CRC-32 of the trailer
    Path file = dir.resolve("bad.gz");
    Files.write(file, flipped);
    assertThatThrownBy(() -> GzipMembers.read(file, 0, flipped.length))
        .isInstanceOf(GzipMembers.Corrupt.class)
        .hasMessageContaining("CRC-32");
    Files.write(file, java.util.Arrays.copyOf(member, member.length - 3));
    assertThatThrownBy(() -> GzipMembers.read(file, 0, member.length - 3))
        .isInstanceOf(GzipMembers.Corrupt.class);
    assertThatThrownBy(
            () ->
                GzipMembers.forEach(
                    new ByteArrayInputStream(java.util.Arrays.copyOf(member, member.length - 3)),
                    file,
                    (o, l, c) -> {}))
        .isInstanceOf(GzipMembers.Corrupt.class);
  }
}
