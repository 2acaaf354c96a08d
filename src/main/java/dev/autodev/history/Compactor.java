package dev.autodev.history;

import dev.autodev.store.FileStamp;
import dev.autodev.store.LineReader;
import dev.autodev.store.StagedFile;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreLock;
import dev.autodev.tracker.CompressedSegmentWriter;
import dev.autodev.tracker.HistoryArchive;
import dev.autodev.tracker.Segment;
import dev.autodev.tracker.SegmentIndex;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.springframework.stereotype.Component;

/**
 * Compresses closed history segments, never losing a record on the way.
 *
 * <p>For each closed plain segment, under the maintenance lock but not the store lock: read it,
 * write {@code <base>.jsonl.gz.tmp} (one gzip member per block) and {@code <base>.idx.tmp}, fsync
 * both, decompress the new file again and check its content equals the plain file byte for byte.
 * Then, holding the store lock for a moment: check the plain file did not change since it was read
 * (size, inode, mtime), rename the sidecar and the compressed file into place, fsync the folder,
 * delete the plain file, fsync the folder.
 *
 * <p>A crash before the renames leaves temp files, removed by the next compaction. A crash between
 * creating the compressed file and deleting the plain one leaves both: readers use the plain one,
 * and the next compaction deletes it only after proving (sidecar's size and CRC-32C of the plain
 * content) that the compressed copy holds exactly the same bytes, else it deletes the copy instead.
 * So at every instant each record is in exactly one readable file.
 */
@Component
class Compactor {

  /** What a compaction did, file by file. */
  record Report(
      List<String> compressed,
      List<String> cleaned,
      List<String> skipped,
      long plainBytes,
      long compressedBytes) {

    static Report empty() {
      return new Report(List.of(), List.of(), List.of(), 0, 0);
    }

    boolean nothingDone() {
      return compressed.isEmpty() && cleaned.isEmpty();
    }
  }

  private final HistoryArchive archive;
  private final StoreLock storeLock;
  private final StoreFileSystem fs;
  private final Clock clock;

  Compactor(HistoryArchive archive, StoreLock storeLock, StoreFileSystem fs, Clock clock) {
    this.archive = archive;
    this.storeLock = storeLock;
    this.fs = fs;
    this.clock = clock;
  }

  /** Cleans up after interrupted compactions and compresses every closed plain segment. */
  Report compactClosed() {
    List<String> compressed = new ArrayList<>();
    List<String> cleaned = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long[] sizes = {0, 0};
    cleanUp(cleaned);
    YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    List<Segment> files = archive.files();
    for (Segment s : archive.segments()) {
      if (s.compressed() || !archive.isClosed(s, files, now)) {
        continue;
      }
      if (s.size() == 0) {
        if (removeIfUnchanged(s.path(), FileStamp.of(s.path()))) {
          cleaned.add("removed the empty segment " + s.fileName());
        }
        continue;
      }
      long before = s.size();
      long after = compact(s);
      if (after < 0) {
        skipped.add(s.fileName() + " changed while it was compressed; it stays plain for now");
      } else {
        compressed.add(s.fileName());
        sizes[0] += before;
        sizes[1] += after;
      }
    }
    return new Report(compressed, cleaned, skipped, sizes[0], sizes[1]);
  }

  /**
   * Compresses one closed segment; returns the compressed size, or -1 when the plain file changed
   * meanwhile (it then stays, and the copy is discarded).
   */
  long compact(Segment s) {
    Path plain = s.path();
    FileStamp before = FileStamp.of(plain);
    try (CompressedSegmentWriter writer =
        new CompressedSegmentWriter(s.compressedPath(), s.sidecarPath(), fs)) {
      try (InputStream in =
              new BufferedInputStream(new Limited(Files.newInputStream(plain), before.size()));
          LineReader lines = new LineReader(in)) {
        byte[] line;
        while ((line = lines.next()) != null) {
          boolean terminated = lines.lastLineTerminated();
          writer.add(line, terminated, terminated ? HistoryArchive.tryParse(line, plain) : null);
        }
      } catch (IOException e) {
        throw StoreException.io(plain, "read", e);
      }
      writer.finish();
      boolean swapped =
          storeLock.call(
              () -> {
                if (!FileStamp.of(plain).equals(before)) {
                  return false;
                }
                writer.commit();
                syncFolder();
                delete(plain);
                syncFolder();
                return true;
              });
      return swapped ? Files.size(s.compressedPath()) : -1;
    } catch (IOException e) {
      throw StoreException.io(s.compressedPath(), "read the size of", e);
    }
  }

  /**
   * Removes what interrupted compactions left: temp files, sidecars of segments still plain (or
   * unreadable), and the second file of a segment that exists both plain and compressed.
   */
  void cleanUp(List<String> cleaned) {
    Path dir = archive.directory();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        boolean ours =
            (name.endsWith(".jsonl.gz.tmp") && !name.startsWith("journal-"))
                || name.endsWith(".idx.tmp")
                || name.equals("index.json.tmp");
        if (ours) {
          delete(p);
          cleaned.add("removed the leftover temp file " + name);
        } else if (name.endsWith(".idx")
            && !Files.exists(dir.resolve(name.substring(0, name.length() - 4) + ".jsonl.gz"))
            && (Files.exists(dir.resolve(name.substring(0, name.length() - 4) + ".jsonl"))
                || !listsRecords(p))) {
          // Renamed into place just before a compaction was cut off (the plain file holds the
          // records), or unreadable. A readable sidecar with no file of its segment left is kept:
          // it is the record of what was lost, which store verify reports and store repair sets
          // aside once it has told the user.
          delete(p);
          cleaned.add("removed the sidecar " + name + " of a segment that does not exist");
        }
      }
    } catch (IOException e) {
      throw StoreException.io(dir, "list", e);
    }
    List<Segment> files = archive.files();
    for (int i = 1; i < files.size(); i++) {
      Segment plain = files.get(i - 1);
      Segment gz = files.get(i);
      if (plain.sameSegment(gz) && !plain.compressed() && gz.compressed()) {
        cleaned.add(settleDuplicate(plain, gz));
      }
    }
    for (Segment s : archive.segments()) {
      if (s.compressed() && archive.sidecarOf(s).isEmpty()) {
        rebuildSidecar(s);
        cleaned.add("rebuilt the missing or damaged sidecar of " + s.fileName());
      }
    }
  }

  private static boolean listsRecords(Path sidecar) {
    try {
      return SegmentIndex.read(sidecar).recordCount() > 0;
    } catch (StoreException e) {
      // A newer auto-dev's sidecar is never deleted; a damaged one lists nothing.
      return e.code() == StoreErrorCode.UNSUPPORTED_SCHEMA;
    }
  }

  /** Writes a compressed segment's sidecar again from the segment itself. */
  private void rebuildSidecar(Segment s) {
    SegmentIndex idx = archive.indexCompressed(s);
    try (StagedFile staged = new StagedFile(s.sidecarPath(), fs)) {
      staged.write(idx.encode());
      staged.sync();
      SegmentIndex back = SegmentIndex.read(staged.tmp());
      if (back.recordCount() != idx.recordCount()) {
        throw new StoreException(
            StoreErrorCode.VALIDATION_FAILED,
            staged.tmp(),
            "the rebuilt sidecar did not read back");
      }
      storeLock.call(
          () -> {
            staged.commit();
            syncFolder();
            return null;
          });
    }
  }

  private String settleDuplicate(Segment plain, Segment gz) {
    FileStamp stamp = FileStamp.of(plain.path());
    boolean same =
        archive
            .sidecarOf(gz)
            .map(idx -> sameContent(plain.path(), stamp.size(), idx))
            .orElse(false);
    if (same) {
      if (removeIfUnchanged(plain.path(), stamp)) {
        return "finished an interrupted compaction of "
            + plain.fileName()
            + ": the compressed copy holds the same bytes, the plain file was removed";
      }
      return plain.fileName() + " changed; it is kept";
    }
    storeLock.call(
        () -> {
          delete(gz.path());
          delete(gz.sidecarPath());
          syncFolder();
          return null;
        });
    return "discarded an unfinished compressed copy of "
        + plain.fileName()
        + " (it did not match the plain file, which is kept)";
  }

  private static boolean sameContent(Path plain, long size, SegmentIndex idx) {
    if (size != idx.header().sourceBytes()) {
      return false;
    }
    CRC32C crc = new CRC32C();
    try (InputStream in = Files.newInputStream(plain)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return false; // unreadable plain file: keep both, and report it on the next look
    }
    return HexFormat.of().toHexDigits((int) crc.getValue()).equals(idx.header().sourceCrc32c());
  }

  private boolean removeIfUnchanged(Path file, FileStamp stamp) {
    return storeLock.call(
        () -> {
          if (!FileStamp.of(file).equals(stamp)) {
            return false;
          }
          delete(file);
          syncFolder();
          return true;
        });
  }

  private void delete(Path file) {
    try {
      fs.delete(file);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw StoreException.io(file, "delete", e);
    }
  }

  private void syncFolder() {
    try {
      fs.syncDirectory(archive.directory());
    } catch (IOException e) {
      throw StoreException.io(archive.directory(), "sync", e);
    }
  }

  /** Reads at most {@code limit} bytes: the plain file as it was when compaction began. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
