package dev.autodev.tracker;

import dev.autodev.store.AtomicFileWriter;
import dev.autodev.store.GzipMembers;
import dev.autodev.store.StagedFile;
import dev.autodev.store.StoreErrorCode;
import dev.autodev.store.StoreException;
import dev.autodev.store.StoreFileSystem;
import dev.autodev.store.StoreLock;
import dev.autodev.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps journal.jsonl short without ever losing audit data or recoverability: once it is larger
 * than {@code autodev.journal.rotate-size}, the entries that current.json <em>and</em> its backup
 * already hold move to {@code history/journal-<first>-<last>.jsonl.gz}. Runs on its own thread
 * after a change was committed (never inside the write path), under the store lock.
 *
 * <p>Why a kill at any step loses nothing: (1) the rotated entries are written to a temp file,
 * fsynced, decompressed again and compared with the journal bytes, and only then renamed into
 * history/ (folder fsynced) — a crash before leaves a temp file, removed by the next rotation; (2)
 * only then is journal.jsonl replaced, atomically, by a copy holding just the newer entries — a
 * crash between (1) and (2) leaves the entries in both places, and readers skip revisions they
 * already saw while the next rotation drops them from journal.jsonl. Entries leave journal.jsonl
 * only when both snapshots are at or past them, so falling back to the backup never needs a rotated
 * entry; rebuilding from nothing (both snapshots unreadable) reads the rotated segments first,
 * oldest first, then journal.jsonl.
 */
@Component
class JournalRotation implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JournalRotation.class);

  private final StorePaths paths;
  private final StoreLock lock;
  private final JournalRepository journal;
  private final JournalArchive archive;
  private final SnapshotRepository snapshots;
  private final AtomicFileWriter writer;
  private final StoreFileSystem fs;
  private final long rotateBytes;
  private final AtomicBoolean queued = new AtomicBoolean();
  private @Nullable ExecutorService executor;

  JournalRotation(
      StorePaths paths,
      StoreLock lock,
      JournalRepository journal,
      JournalArchive archive,
      SnapshotRepository snapshots,
      AtomicFileWriter writer,
      StoreFileSystem fs,
      JournalProperties properties) {
    this.paths = paths;
    this.lock = lock;
    this.journal = journal;
    this.archive = archive;
    this.snapshots = snapshots;
    this.writer = writer;
    this.fs = fs;
    this.rotateBytes = properties.rotateSize().toBytes();
  }

  /** A change was committed: rotate soon if the journal has grown past the limit. */
  @EventListener
  void on(DomainEvent committed) {
    if (journal.size() > rotateBytes && queued.compareAndSet(false, true)) {
      executor()
          .execute(
              () -> {
                queued.set(false);
                try {
                  rotate();
                } catch (StoreException e) {
                  // Nothing was lost (see the class comment); the next change tries again.
                  log.warn("Journal rotation did not finish: {}", e.getMessage());
                }
              });
    }
  }

  private synchronized ExecutorService executor() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "journal-rotation");
                t.setDaemon(true);
                return t;
              });
    }
    return executor;
  }

  /** Rotates now, under the store lock; returns the segment written, if any. */
  Optional<Path> rotate() {
    return lock.call(this::rotateLocked);
  }

  private Optional<Path> rotateLocked() {
    removeStaleTemps();
    long safe = safeRevision();
    if (safe <= 0) {
      return Optional.empty();
    }
    long rotated = archive.lastRotated();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(journal.path());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw StoreException.io(journal.path(), "read", e);
    }
    // Find where the entries still needed begin: the first one newer than both snapshots.
    int split = 0;
    int firstMove = -1;
    long first = 0;
    long last = 0;
    int pos = 0;
    while (pos < bytes.length) {
      int nl = indexOf(bytes, (byte) '\n', pos);
      if (nl < 0) {
        break; // a torn last line belongs to recovery, not to us
      }
      JournalEntry e;
      try {
        e = journal.parse(Arrays.copyOfRange(bytes, pos, nl));
      } catch (RuntimeException ex) {
        break; // a damaged line stays where repair can see it
      }
      if (e.rev() > safe) {
        break;
      }
      if (e.rev() > rotated) {
        if (firstMove < 0) {
          firstMove = pos;
          first = e.rev();
        }
        last = e.rev();
      }
      pos = nl + 1;
      split = pos;
    }
    if (split == 0) {
      return Optional.empty();
    }
    Path segment = null;
    if (firstMove >= 0) {
      segment = paths.historyDir().resolve(JournalArchive.name(first, last));
      writeSegment(segment, Arrays.copyOfRange(bytes, firstMove, split));
    }
    byte[] keep = Arrays.copyOfRange(bytes, split, bytes.length);
    writer.replace(journal.path(), keep, this::validateJournal);
    return Optional.ofNullable(segment);
  }

  /** The revision both snapshots have reached (0 when either cannot be read). */
  private long safeRevision() {
    SnapshotRepository.Read<TrackerState> current = snapshots.readCurrent(paths.current());
    if (current.value() == null) {
      return 0;
    }
    SnapshotRepository.Read<TrackerState> bak =
        snapshots.readCurrent(StorePaths.backupOf(paths.current()));
    if (bak.value() == null) {
      return bak.missing() ? current.value().revision() : 0;
    }
    return Math.min(current.value().revision(), bak.value().revision());
  }

  private void writeSegment(Path segment, byte[] lines) {
    try (StagedFile staged = new StagedFile(segment, fs)) {
      staged.write(GzipMembers.compress(lines, 0, lines.length, Deflater.DEFAULT_COMPRESSION));
      staged.sync();
      byte[] back;
      try {
        byte[] written = Files.readAllBytes(staged.tmp());
        back = GzipMembers.decompress(written, 0, written.length, segment).content();
      } catch (IOException e) {
        throw StoreException.io(staged.tmp(), "read back", e);
      }
      if (back.length != lines.length || crc(back) != crc(lines)) {
        throw new StoreException(
            StoreErrorCode.VALIDATION_FAILED,
            segment,
            "the rotated journal segment did not read back as written; journal.jsonl is unchanged");
      }
      staged.commit();
      fs.syncDirectory(paths.historyDir());
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "sync", e);
    }
  }

  /** Every complete line of the shortened journal must still parse (a torn tail is kept as is). */
  private void validateJournal(byte[] content) {
    int pos = 0;
    int nl;
    while ((nl = indexOf(content, (byte) '\n', pos)) >= 0) {
      journal.parse(Arrays.copyOfRange(content, pos, nl));
      pos = nl + 1;
    }
  }

  /** Temp files of a rotation a crash interrupted: only rotation writes these, under this lock. */
  private void removeStaleTemps() {
    try (DirectoryStream<Path> dir =
        Files.newDirectoryStream(paths.historyDir(), "journal-*.jsonl.gz.tmp")) {
      for (Path tmp : dir) {
        fs.delete(tmp);
      }
    } catch (IOException e) {
      throw StoreException.io(paths.historyDir(), "clean temp files in", e);
    }
  }

  private static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void destroy() throws InterruptedException {
    ExecutorService e;
    synchronized (this) {
      e = executor;
    }
    if (e != null) {
      e.shutdown();
      if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
        e.shutdownNow();
      }
    }
  }
}
