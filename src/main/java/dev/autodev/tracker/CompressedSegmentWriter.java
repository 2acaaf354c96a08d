package dev.autodev.tracker;

import dev.autodev.store.GzipMembers;
import dev.autodev.store.StagedFile;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * Writes a compressed segment and its sidecar beside their targets ({@code .tmp}), block by block
 * (each block of up to 512 lines or 1 MiB is one gzip member), then makes both durable and verifies
 * them before anything may replace a plain segment: every member of the written file is
 * decompressed again and its content must equal, byte for byte (size and CRC-32C), the lines that
 * went in; the sidecar must read back and describe the written file. {@link #commit()} renames the
 * sidecar, then the segment; the caller syncs the folder. Closing without commit removes the temp
 * files.
 */
public final class CompressedSegmentWriter implements AutoCloseable {

  /** Lines per block: small enough that a page of results costs one small member. */
  public static final int BLOCK_LINES = 512;

  /** Plain bytes per block, at most. */
  public static final int BLOCK_BYTES = 1 << 20;

  private final StagedFile gz;
  private final StagedFile sidecar;
  private final SegmentIndex.Builder index;
  private final CRC32C sourceCrc = new CRC32C();
  private final ByteArrayOutputStream block = new ByteArrayOutputStream(BLOCK_BYTES + 4096);
  private long sourceBytes;
  private int blockLines;
  private boolean finished;
  private @Nullable SegmentIndex built;

  /**
   * @param target the compressed segment to write ({@code <base>.jsonl.gz})
   * @param sidecarTarget its sidecar ({@code <base>.idx})
   */
  public CompressedSegmentWriter(Path target, Path sidecarTarget, StoreFileSystem fs) {
    this.gz = new StagedFile(target, fs);
    this.sidecar = new StagedFile(sidecarTarget, fs);
    this.index = new SegmentIndex.Builder(target.getFileName().toString());
  }

  /**
   * Adds the next line of the plain content, without its newline; {@code terminated} is false only
   * for a torn last line, which is kept as it is. {@code record} is the parsed line, or null when
   * it is damaged (it is kept byte for byte and flagged, so compression never drops data).
   */
  public void add(byte[] line, boolean terminated, @Nullable ArchivedTask record) {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    if (blockLines == 0) {
      index.startBlock(gz.size());
    }
    block.writeBytes(line);
    sourceCrc.update(line);
    sourceBytes += line.length;
    if (terminated) {
      block.write('\n');
      sourceCrc.update('\n');
      sourceBytes++;
    }
    index.add(record != null && terminated ? record : null);
    blockLines++;
    if (blockLines >= BLOCK_LINES || block.size() >= BLOCK_BYTES || !terminated) {
      flushBlock();
    }
  }

  private void flushBlock() {
    if (blockLines == 0) {
      return;
    }
    byte[] plain = block.toByteArray();
    byte[] member = GzipMembers.compress(plain, 0, plain.length, Deflater.DEFAULT_COMPRESSION);
    gz.write(member);
    index.endBlock(member.length);
    block.reset();
    blockLines = 0;
  }

  /** Records written so far, damaged lines included. */
  public int records() {
    return index.records();
  }

  /** Plain bytes written so far. */
  public long sourceBytes() {
    return sourceBytes;
  }

  /** CRC-32C (hex) of the plain bytes written so far. */
  public String sourceCrc32c() {
    return HexFormat.of().toHexDigits((int) sourceCrc.getValue());
  }

  /**
   * Flushes the last block, syncs the segment, verifies it, writes, syncs and verifies the sidecar.
   * Returns the sidecar's content.
   */
  public SegmentIndex finish() {
    flushBlock();
    finished = true;
    gz.sync();
    long size = gz.size();
    String fingerprint;
    try {
      fingerprint = SegmentIndex.fingerprint(gz.tmp(), size);
    } catch (IOException e) {
      throw StoreException.io(gz.tmp(), "read back", e);
    }
    SegmentIndex idx = index.build(size, fingerprint, sourceBytes, sourceCrc32c());
    verifySegment(idx);
    byte[] bytes = idx.encode();
    sidecar.write(bytes);
    sidecar.sync();
    try {
      SegmentIndex back = SegmentIndex.decode(Files.readAllBytes(sidecar.tmp()), sidecar.tmp());
      if (back.recordCount() != idx.recordCount() || back.blockCount() != idx.blockCount()) {
        throw failed(sidecar.tmp(), "the sidecar did not read back as written");
      }
    } catch (IOException e) {
      throw StoreException.io(sidecar.tmp(), "read back", e);
    }
    built = idx;
    return idx;
  }

  private void verifySegment(SegmentIndex idx) {
    Path file = gz.tmp();
    CRC32C crc = new CRC32C();
    long[] total = {0};
    int[] member = {0};
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      GzipMembers.forEach(
          in,
          file,
          (offset, length, content) -> {
            if (member[0] >= idx.blockCount()
                || idx.block(member[0]).offset() != offset
                || idx.block(member[0]).length() != length) {
              throw failed(file, "member " + member[0] + " is not where the sidecar says");
            }
            member[0]++;
            crc.update(content);
            total[0] += content.length;
          });
    } catch (IOException e) {
      throw new StoreException(
          StoreErrorCode.VALIDATION_FAILED,
          file,
          "the compressed segment " + file + " did not read back: " + e.getMessage(),
          e);
    }
    if (member[0] != idx.blockCount()
        || total[0] != sourceBytes
        || !HexFormat.of().toHexDigits((int) crc.getValue()).equals(sourceCrc32c())) {
      throw failed(file, "its content differs from the plain lines that went in");
    }
  }

  private static StoreException failed(Path file, String why) {
    return new StoreException(
        StoreErrorCode.VALIDATION_FAILED,
        file,
        "the compressed segment " + file + " failed verification (" + why + "); nothing replaced");
  }

  /** Renames the sidecar, then the segment, into place. The caller holds the lock and syncs. */
  public void commit() {
    if (built == null) {
      throw new IllegalStateException("finish first");
    }
    sidecar.commit();
    gz.commit();
  }

  @Override
  public void close() {
    gz.close();
    sidecar.close();
  }
}
