package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a whole file so that a reader, a crash or a full disk only ever leaves the old version
 * or the new one: write {@code name.tmp} in the same folder, fsync it, read it back and validate
 * it, keep the old version under {@code name.bak.tmp} (a hard link, so it costs no copy), rename
 * the temp file over the target, fsync the folder. The old version becomes {@code name.bak} only
 * when the caller {@linkplain Replacement#commit() commits}: until then {@code name.bak} is the
 * generation before, so a save that fails at any step, or is rolled back because a later file of
 * the same save failed, leaves {@code name.bak} exactly as it was (same inode, same bytes).
 */
public final class AtomicFileWriter {

  private static final Logger log = LoggerFactory.getLogger(AtomicFileWriter.class);

  /** Checks the bytes read back from the temp file before they may replace anything. */
  @FunctionalInterface
  public interface Validation {
    /** Throws if {@code content} is not a valid file of its kind. */
    void check(byte[] content);
  }

  private final StoreFileSystem fs;

  public AtomicFileWriter(StoreFileSystem fs) {
    this.fs = fs;
  }

  /**
   * Replaces {@code target} with {@code content}, with no backup kept: the old version is gone once
   * this returns.
   *
   * @throws ReplaceFailed when any step fails; the target is then as it was
   */
  public void replace(Path target, byte[] content, Validation validation) {
    Replacement r = replace(target, content, validation, false);
    r.commit();
  }

  /**
   * Replaces {@code target} with {@code content}; with {@code keepBackup} the previous version is
   * held aside until {@link Replacement#commit()} makes it {@code name.bak} or {@link
   * Replacement#rollBack()} puts it back. The new version is durable when this returns.
   *
   * @throws ReplaceFailed when any step fails; the target and its backup are then as they were
   *     (when the failure came after the rename, the previous version has been put back)
   */
  public Replacement replace(
      Path target, byte[] content, Validation validation, boolean keepBackup) {
    Path tmp = StorePaths.tempOf(target);
    Path held = StorePaths.tempOf(StorePaths.backupOf(target));
    boolean existed = Files.exists(target);
    boolean holding = false;
    boolean replaced = false;
    String step = "write";
    try {
      fs.write(tmp, content, true);
      step = "validate";
      byte[] readBack = Files.readAllBytes(tmp);
      if (!Arrays.equals(readBack, content)) {
        throw new StoreException(
            StoreErrorCode.VALIDATION_FAILED,
            tmp,
            "temp file " + tmp + " did not read back as written; nothing was replaced");
      }
      validation.check(readBack);
      if (keepBackup && existed) {
        step = "back up";
        fs.link(held, target);
        holding = true;
      }
      step = "rename";
      fs.rename(tmp, target);
      replaced = true;
      step = "sync the folder of";
      fs.syncDirectory(target.getParent());
      return new Replacement(target, keepBackup, existed, holding);
    } catch (IOException e) {
      throw failed(target, StoreException.io(target, step, e), tmp, holding, replaced, existed);
    } catch (StoreException e) {
      throw failed(target, e, tmp, holding, replaced, existed);
    } catch (RuntimeException e) {
      throw failed(
          target,
          new StoreException(
              StoreErrorCode.VALIDATION_FAILED,
              target,
              "new version of " + target + " failed validation: " + e.getMessage(),
              e),
          tmp,
          holding,
          replaced,
          existed);
    }
  }

  /** Undoes what a failed replace did, and returns the failure to throw. */
  private ReplaceFailed failed(
      Path target,
      StoreException cause,
      Path tmp,
      boolean holding,
      boolean replaced,
      boolean existed) {
    deleteQuietly(tmp);
    if (replaced) {
      try {
        return new ReplaceFailed(cause, !putBack(target, holding, existed));
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
        return new ReplaceFailed(cause, true);
      }
    } else if (holding) {
      deleteQuietly(StorePaths.tempOf(StorePaths.backupOf(target)));
    }
    return new ReplaceFailed(cause, false);
  }

  /**
   * Puts the previous version of {@code target} back: the held link when there was one, the
   * deletion of the target when there was no previous version. {@code name.bak} is not touched.
   * Returns false when there is nothing to put back (replaced without keeping a backup).
   */
  private boolean putBack(Path target, boolean holding, boolean existed) throws IOException {
    if (holding) {
      fs.rename(StorePaths.tempOf(StorePaths.backupOf(target)), target);
    } else if (!existed) {
      fs.delete(target);
    } else {
      return false;
    }
    fs.syncDirectory(target.getParent());
    return true;
  }

  private void deleteQuietly(Path tmp) {
    try {
      fs.delete(tmp);
    } catch (IOException e) {
      // Left behind, the temp file is removed by recovery at the next start.
    }
  }

  /**
   * A replace whose new version is in place and durable, with the previous version held aside until
   * the caller knows whether the whole save succeeded.
   */
  public final class Replacement {
    private final Path target;
    private final boolean keepBackup;
    private final boolean existed;
    private final boolean holding;
    private boolean settled;

    private Replacement(Path target, boolean keepBackup, boolean existed, boolean holding) {
      this.target = target;
      this.keepBackup = keepBackup;
      this.existed = existed;
      this.holding = holding;
    }

    /**
     * The save succeeded: the previous version becomes {@code name.bak}. That rename is made
     * durable by the next fsync of the folder (the next save's); a crash before it leaves the older
     * backup and a {@code name.bak.tmp} that recovery removes, both valid. A failure here is not a
     * failed save (the new version is already durable): it is logged, and the backup stays one
     * generation older.
     */
    public void commit() {
      if (settled) {
        return;
      }
      settled = true;
      if (!holding) {
        return;
      }
      Path held = StorePaths.tempOf(StorePaths.backupOf(target));
      try {
        fs.rename(held, StorePaths.backupOf(target));
      } catch (IOException e) {
        log.warn(
            "Could not keep the previous {} as its backup; the backup stays one version older: {}",
            target.getFileName(),
            e.getMessage());
        deleteQuietly(held);
      }
    }

    /**
     * A later step of the same save failed: puts the previous version back in place of the target
     * (or removes the target when there was none), leaving {@code name.bak} untouched.
     */
    public void rollBack() {
      if (settled) {
        return;
      }
      settled = true;
      if (!keepBackup) {
        throw new IllegalStateException("cannot roll back a replace that kept no backup");
      }
      try {
        putBack(target, holding, existed);
      } catch (IOException e) {
        throw StoreException.io(target, "roll back", e);
      }
    }

    /** The file this replacement wrote. */
    public Path target() {
      return target;
    }
  }

  /** A failed replace; carries the storage error and whether the target is left replaced. */
  public static final class ReplaceFailed extends StoreException {
    private static final long serialVersionUID = 1L;
    private final boolean leftReplaced;

    ReplaceFailed(StoreException cause, boolean leftReplaced) {
      super(
          cause.code(), pathOf(cause), cause.getMessage() == null ? "" : cause.getMessage(), cause);
      this.leftReplaced = leftReplaced;
    }

    private static @Nullable Path pathOf(StoreException e) {
      String p = e.path();
      return p == null ? null : Path.of(p);
    }

    /**
     * Whether the target could not be put back after the failure: it holds the new version (only
     * when the disk failed the rollback too).
     */
    public boolean leftReplaced() {
      return leftReplaced;
    }
  }
}
