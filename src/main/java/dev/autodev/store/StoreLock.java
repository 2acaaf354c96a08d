package dev.autodev.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive access to one data folder, across threads and processes.
 *
 * <p>Two layers, taken in this order: a JVM-wide re-entrant lock, then an OS lock on {@code
 * tasks/.lock}. The channel to the lock file is opened once per JVM and never closed, because on
 * Linux closing any channel to a file drops every lock the process holds on it; for the same reason
 * every {@code StoreLock} on the same file in one JVM (two application contexts in a test, say)
 * shares one holder. The lock file itself is never deleted.
 */
public final class StoreLock {

  private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

  private final Holder holder;
  private final Duration timeout;
  private final TimeTally waits = new TimeTally();

  public StoreLock(Path lockFile, Duration timeout) {
    this.holder = HOLDERS.computeIfAbsent(canonical(lockFile), Holder::open);
    this.timeout = timeout;
  }

  /** Takes both locks, waiting at most the configured timeout; close the result to release. */
  public Held acquire() {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try {
      if (!holder.jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(
          StoreErrorCode.LOCK_TIMEOUT, holder.path, "interrupted while waiting for the store lock");
    }
    try {
      if (holder.jvmLock.getHoldCount() == 1) {
        holder.fileLock = lockFile(deadline);
      }
    } catch (RuntimeException e) {
      holder.jvmLock.unlock();
      throw e;
    }
    waits.recordSince(start);
    return new Held();
  }

  /** How long acquisitions of this lock waited, for the lock-wait metric. */
  public TimeTally waits() {
    return waits;
  }

  /** Runs {@code action} holding the lock and returns its result. */
  public <T> T call(java.util.function.Supplier<T> action) {
    Held held = acquire();
    try {
      return action.get();
    } finally {
      held.close();
    }
  }

  /** Whether the calling thread holds this lock. */
  public boolean isHeldByCurrentThread() {
    return holder.jvmLock.isHeldByCurrentThread();
  }

  /**
   * Whether the lock can be taken within {@code patience} (a health probe). It never waits while
   * holding anything: each attempt takes and releases the lock at once, so saves are not held up by
   * a probe, and a change that holds the lock for milliseconds does not make the store look stuck.
   */
  public boolean isObtainable(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      if (isObtainable()) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Whether another process holds the OS lock right now (a health probe; takes nothing). */
  public boolean isObtainable() {
    if (holder.jvmLock.isLocked()) {
      return true; // held inside this JVM, which proves the OS lock works
    }
    if (!holder.jvmLock.tryLock()) {
      return true;
    }
    try {
      FileLock probe = holder.channel.tryLock();
      if (probe == null) {
        return false;
      }
      probe.release();
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      holder.jvmLock.unlock();
    }
  }

  private FileLock lockFile(long deadline) {
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(200);
    while (true) {
      try {
        FileLock lock = holder.channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Cannot happen while the JVM lock guards the channel; report it rather than spin.
        throw new StoreException(
            StoreErrorCode.IO_ERROR, holder.path, "store lock already held in this JVM", e);
      } catch (IOException e) {
        throw StoreException.io(holder.path, "lock", e);
      }
      if (System.nanoTime() >= deadline) {
        throw timedOut();
      }
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private StoreException timedOut() {
    return new StoreException(
        StoreErrorCode.LOCK_TIMEOUT,
        holder.path,
        "another process has held the store lock "
            + holder.path
            + " for more than "
            + timeout.toMillis()
            + " ms; try again, or find the process that holds it");
  }

  private static Path canonical(Path lockFile) {
    try {
      StoreFileModes.createDirectories(lockFile.toAbsolutePath().getParent());
      if (!Files.exists(lockFile)) {
        try {
          Files.createFile(lockFile, StoreFileModes.forFile(lockFile));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // another process created it first: fine
        }
      }
      return lockFile.toRealPath();
    } catch (IOException e) {
      throw StoreException.io(lockFile, "create the lock file", e);
    }
  }

  /** Proof that the lock is held; closing it releases one level of it. */
  public final class Held implements AutoCloseable {
    private boolean closed;

    private Held() {}

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (holder.jvmLock.getHoldCount() == 1 && holder.fileLock != null) {
          holder.fileLock.release();
          holder.fileLock = null;
        }
      } catch (IOException e) {
        throw StoreException.io(holder.path, "release the lock on", e);
      } finally {
        holder.jvmLock.unlock();
      }
    }
  }

  private static final class Holder {
    final Path path;
    final FileChannel channel;
    final ReentrantLock jvmLock = new ReentrantLock(true);
    @Nullable FileLock fileLock;

    private Holder(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    static Holder open(Path path) {
      try {
        return new Holder(
            path,
            FileChannel.open(
                path,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                StoreFileModes.forFile(path)));
      } catch (IOException e) {
        throw StoreException.io(path, "open the lock file", e);
      }
    }
  }
}
