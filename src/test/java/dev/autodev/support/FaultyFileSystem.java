package dev.autodev.support;

import dev.autodev.store.RealStoreFileSystem;
import dev.autodev.store.StoreFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real file system with a fault armed on demand: the Nth write, fsync, rename, hard link or
 * directory sync of matching files fails with an I/O error (optionally after writing half the
 * bytes, as a short write), once or until disarmed.
 */
public final class FaultyFileSystem implements StoreFileSystem {

  /** Which operation fails. */
  public enum Op {
    WRITE,
    FSYNC,
    RENAME,
    LINK,
    SYNC_DIR
  }

  private final StoreFileSystem real = new RealStoreFileSystem();
  private volatile Op op;
  private volatile Predicate<Path> files = p -> true;
  private final AtomicInteger countdown = new AtomicInteger(-1);
  private volatile boolean persistent;
  private volatile boolean shortWrite;
  private volatile String message = "Input/output error";
  private final AtomicInteger tripped = new AtomicInteger();

  /** Fails the {@code nth} (1-based) matching operation. */
  public FaultyFileSystem failNth(Op operation, int nth, Predicate<Path> which) {
    this.op = operation;
    this.files = which;
    this.countdown.set(nth);
    this.persistent = false;
    return this;
  }

  /** Every matching operation fails from now on. */
  public FaultyFileSystem failAlways(Op operation, Predicate<Path> which) {
    failNth(operation, 1, which);
    this.persistent = true;
    return this;
  }

  /** A failing write first writes half its bytes. */
  public FaultyFileSystem shortWrites() {
    this.shortWrite = true;
    return this;
  }

  /** The error text, e.g. "No space left on device". */
  public FaultyFileSystem withMessage(String text) {
    this.message = text;
    return this;
  }

  public void disarm() {
    countdown.set(-1);
    persistent = false;
    shortWrite = false;
  }

  /** How many operations have failed on purpose so far. */
  public int tripped() {
    return tripped.get();
  }

  private boolean trip(Op operation, Path file) {
    if (op != operation || !files.test(file)) {
      return false;
    }
    if (persistent || (countdown.get() > 0 && countdown.decrementAndGet() == 0)) {
      tripped.incrementAndGet();
      return true;
    }
    return false;
  }

  @Override
  public void write(Path file, byte[] data, boolean sync) throws IOException {
    if (trip(Op.WRITE, file)) {
      if (shortWrite) {
        real.write(file, Arrays.copyOf(data, data.length / 2), false);
      }
      throw new IOException(message);
    }
    if (sync && trip(Op.FSYNC, file)) {
      real.write(file, data, false);
      throw new IOException(message);
    }
    real.write(file, data, sync);
  }

  @Override
  public void append(Path file, byte[] data, boolean sync) throws IOException {
    if (trip(Op.WRITE, file)) {
      if (shortWrite) {
        real.append(file, Arrays.copyOf(data, data.length / 2), false);
      }
      throw new IOException(message);
    }
    if (sync && trip(Op.FSYNC, file)) {
      real.append(file, data, false);
      throw new IOException(message);
    }
    real.append(file, data, sync);
  }

  @Override
  public void truncate(Path file, long size) throws IOException {
    real.truncate(file, size);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    if (trip(Op.RENAME, target)) {
      throw new IOException(message);
    }
    real.rename(source, target);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    if (trip(Op.LINK, link)) {
      throw new IOException(message);
    }
    real.link(link, existing);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (trip(Op.SYNC_DIR, dir)) {
      throw new IOException(message);
    }
    real.syncDirectory(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    real.delete(file);
  }
}
