package dev.autodev.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive access to one data folder, across threads and processes.
 *
 * <p>Two layers, taken in this order: a JVM-wide re-entrant lock, then an OS lock on {@code
 * tasks/.lock}. The channel to the lock file is opened once per JVM and never closed, because on
 * Linux closing any channel to a file drops every lock the process holds on it; for the same reason
 * every {@code StoreLock} on the same file in one JVM (two application contexts in a test, say)
 * shares one holder. The lock file itself is never deleted.
 *
 * <p>A store this process cannot write (a read-only mount, or a data folder of another user) has no
 * exclusive lock to take: {@link #acquire()} then refuses with {@link StoreErrorCode#READ_ONLY}
 * before anything is changed, and {@link #read} runs a reader under a shared OS lock where the lock
 * file can be read (so a writer of another user is waited for), or under the JVM lock alone.
 */
public final class StoreLock {

  private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

  private final Path lockFile;
  private volatile @Nullable Holder holder;
  private final Duration timeout;
  private final TimeTally waits = new TimeTally();

  public StoreLock(Path lockFile, Duration timeout) {
    this.lockFile = lockFile;
    this.timeout = timeout;
  }

  /**
   * The JVM-wide holder of this lock file, opened at first use: a process that never takes the lock
   * (a one-shot command that only reads) creates no lock file.
   */
  private Holder holder() {
    Holder h = holder;
    if (h == null) {
      h = HOLDERS.computeIfAbsent(canonical(lockFile), Holder::open);
      holder = h;
    }
    return h;
  }

  /**
   * Takes both locks, waiting at most the configured timeout; close the result to release.
   *
   * @throws StoreException {@link StoreErrorCode#READ_ONLY} when this process cannot write the
   *     store, {@link StoreErrorCode#LOCK_TIMEOUT} when another process held it too long
   */
  public Held acquire() {
    Holder h = holder();
    if (h.readOnly != null) {
      throw new StoreException(StoreErrorCode.READ_ONLY, h.path, h.readOnly);
    }
    return take(false);
  }

  /**
   * Runs a reader that needs one consistent moment of the store: under the store lock when this
   * process can write the store; otherwise under a shared OS lock when the lock file can be read,
   * or the JVM lock alone (a read-only mount has no writer to wait for).
   */
  public <T> T read(Supplier<T> action) {
    if (holder().readOnly == null) {
      return call(action);
    }
    Held held = take(true);
    try {
      return action.get();
    } finally {
      held.close();
    }
  }

  /** Whether this process can write the store (the exclusive lock can be taken at all). */
  public boolean writable() {
    return holder().readOnly == null;
  }

  /** Why this process cannot write the store, or null when it can. */
  public @Nullable String readOnlyReason() {
    return holder().readOnly;
  }

  private Held take(boolean shared) {
    Holder h = holder();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try {
      if (!h.jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(
          StoreErrorCode.LOCK_TIMEOUT, h.path, "interrupted while waiting for the store lock");
    }
    try {
      if (h.jvmLock.getHoldCount() == 1) {
        h.fileLock = lockFile(deadline, shared);
      }
    } catch (RuntimeException e) {
      h.jvmLock.unlock();
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
  public <T> T call(Supplier<T> action) {
    Held held = acquire();
    try {
      return action.get();
    } finally {
      held.close();
    }
  }

  /** Whether the calling thread holds this lock. */
  public boolean isHeldByCurrentThread() {
    return holder().jvmLock.isHeldByCurrentThread();
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
    Holder h = holder();
    FileChannel channel = h.channel;
    if (channel == null || h.readOnly != null) {
      return false;
    }
    if (h.jvmLock.isLocked()) {
      return true; // held inside this JVM, which proves the OS lock works
    }
    if (!h.jvmLock.tryLock()) {
      return true;
    }
    try {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return false;
      }
      probe.release();
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      h.jvmLock.unlock();
    }
  }

  private @Nullable FileLock lockFile(long deadline, boolean shared) {
    FileChannel channel = holder().channel;
    if (channel == null) {
      return null; // read-only and the lock file cannot be read: the JVM lock is all there is
    }
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(200);
    while (true) {
      try {
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Cannot happen while the JVM lock guards the channel; report it rather than spin.
        throw new StoreException(
            StoreErrorCode.IO_ERROR, holder().path, "store lock already held in this JVM", e);
      } catch (IOException e) {
        throw StoreException.io(holder().path, "lock", e);
      }
      if (System.nanoTime() >= deadline) {
        throw timedOut();
      }
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private StoreException timedOut() {
    Path path = holder().path;
    return new StoreException(
        StoreErrorCode.LOCK_TIMEOUT,
        path,
        "another process has held the store lock "
            + path
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
      if (notWritable(e) != null) {
        // Opening the lock file for writing fails the same way; the holder records why.
        return lockFile.toAbsolutePath().normalize();
      }
      throw StoreException.io(lockFile, "create the lock file", e);
    }
  }

  /**
   * Why {@code e} means the store cannot be written by this process (permission denied, read-only
   * file system), or null when it is another failure.
   */
  static @Nullable String notWritable(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    if (reason != null && reason.contains("Read-only file system")) {
      return "read-only file system";
    }
    if (reason != null && reason.contains("Permission denied")) {
      return "permission denied";
    }
    return null;
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
      Holder h = holder();
      try {
        FileLock held = h.fileLock;
        if (h.jvmLock.getHoldCount() == 1 && held != null) {
          held.release();
          h.fileLock = null;
        }
      } catch (IOException e) {
        throw StoreException.io(h.path, "release the lock on", e);
      } finally {
        h.jvmLock.unlock();
      }
    }
  }

  private static final class Holder {
    final Path path;
    final @Nullable FileChannel channel;
    final @Nullable String readOnly;
    final ReentrantLock jvmLock = new ReentrantLock(true);
    @Nullable FileLock fileLock;

    private Holder(Path path, @Nullable FileChannel channel, @Nullable String readOnly) {
      this.path = path;
      this.channel = channel;
      this.readOnly = readOnly;
    }

    static Holder open(Path path) {
      try {
        FileChannel channel =
            FileChannel.open(
                path,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                StoreFileModes.forFile(path));
        Path folder = path.getParent();
        // A writable lock file in a folder we cannot write (chmod 0555): every save would fail
        // at its first temp file, so say so now, as for any other store we cannot write.
        boolean folderWritable = folder == null || Files.isWritable(folder);
        return new Holder(
            path,
            channel,
            folderWritable ? null : cannotWrite(path, "no write permission on " + folder));
      } catch (IOException e) {
        String why = notWritable(e);
        if (why == null && e instanceof NoSuchFileException) {
          why = uncreatable(path);
        }
        if (why == null) {
          throw StoreException.io(path, "open the lock file", e);
        }
        return new Holder(path, readChannel(path), cannotWrite(path, why + " (" + path + ")"));
      }
    }

    /**
     * Why the missing folder of {@code lockFile} could not be created (its nearest existing folder
     * is not writable: a data folder that does not exist yet, in a place this user cannot write),
     * or null.
     */
    private static @Nullable String uncreatable(Path lockFile) {
      for (Path p = lockFile.getParent(); p != null; p = p.getParent()) {
        if (Files.isDirectory(p)) {
          return Files.isWritable(p) ? null : "permission denied on " + p;
        }
      }
      return null;
    }

    /** A channel for shared locks on a lock file this process can read but not write. */
    private static @Nullable FileChannel readChannel(Path path) {
      try {
        return FileChannel.open(path, StandardOpenOption.READ);
      } catch (IOException e) {
        return null; // missing or unreadable too: readers rely on the JVM lock alone
      }
    }

    /**
     * "the store at DATA-FOLDER cannot be written: WHY"; the data folder is the parent of the
     * {@code tasks} folder the lock file is in ({@code tasks/.lock}, {@code
     * tasks/history/.maintenance.lock}), or the lock file's folder.
     */
    private static String cannotWrite(Path lockFile, String why) {
      Path store = lockFile.getParent();
      for (Path p = store; p != null && p.getParent() != null; p = p.getParent()) {
        if (p.getFileName().toString().equals("tasks")) {
          store = p.getParent();
          break;
        }
      }
      return "the store at "
          + store
          + " cannot be written: "
          + why
          + "; reading works, changes are refused";
    }
  }
}
