package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Replaces a whole file so that a reader, a crash or a full disk only ever leaves the old version
 * or the new one: write {@code name.tmp} in the same folder, fsync it, read it back and validate
 * it, keep the old version as {@code name.bak} (a hard link, so it costs no copy), rename the temp
 * file over the target, fsync the folder.
 */
public final class AtomicFileWriter {

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
   * Replaces {@code target} with {@code content}.
   *
   * @return whether a previous version existed and was kept as the backup (for {@link #rollBack})
   * @throws ReplaceFailed when any step fails; {@link ReplaceFailed#replaced()} tells whether the
   *     rename had already happened, so a caller rolling back knows to restore the backup
   */
  public boolean replace(Path target, byte[] content, Validation validation, boolean keepBackup) {
    Path tmp = StorePaths.tempOf(target);
    Path bak = StorePaths.backupOf(target);
    boolean replaced = false;
    boolean backedUp = false;
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
      if (keepBackup && Files.exists(target)) {
        step = "back up";
        fs.link(bak, target);
        backedUp = true;
      }
      step = "rename";
      fs.rename(tmp, target);
      replaced = true;
      step = "sync the folder of";
      fs.syncDirectory(target.getParent());
      return backedUp;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ReplaceFailed(StoreException.io(target, step, e), replaced, backedUp);
    } catch (StoreException e) {
      deleteQuietly(tmp);
      throw new ReplaceFailed(e, replaced, backedUp);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw new ReplaceFailed(
          new StoreException(
              StoreErrorCode.VALIDATION_FAILED,
              target,
              "new version of " + target + " failed validation: " + e.getMessage(),
              e),
          replaced,
          backedUp);
    }
  }

  /**
   * Undoes a replace made with {@code keepBackup} that got past its rename: puts the backup back
   * when there was a previous version ({@code backedUp}), or removes the file when there was none.
   */
  public void rollBack(Path target, boolean backedUp) {
    if (backedUp) {
      restoreBackup(target);
      return;
    }
    try {
      fs.delete(target);
      fs.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw StoreException.io(target, "roll back", e);
    }
  }

  /** Puts the backup back in place of the target after a failed replace that got past rename. */
  public void restoreBackup(Path target) {
    Path bak = StorePaths.backupOf(target);
    try {
      if (Files.exists(bak)) {
        fs.link(StorePaths.tempOf(target), bak);
        fs.rename(StorePaths.tempOf(target), target);
        fs.syncDirectory(target.getParent());
      }
    } catch (IOException e) {
      throw StoreException.io(target, "restore the backup of", e);
    }
  }

  private void deleteQuietly(Path tmp) {
    try {
      fs.delete(tmp);
    } catch (IOException e) {
      // Left behind, the temp file is removed by recovery at the next start.
    }
  }

  /** A failed replace; carries the storage error and whether the target was already replaced. */
  public static final class ReplaceFailed extends StoreException {
    private static final long serialVersionUID = 1L;
    private final boolean replaced;
    private final boolean backedUp;

    ReplaceFailed(StoreException cause, boolean replaced, boolean backedUp) {
      super(
          cause.code(), pathOf(cause), cause.getMessage() == null ? "" : cause.getMessage(), cause);
      this.replaced = replaced;
      this.backedUp = backedUp;
    }

    private static Path pathOf(StoreException e) {
      String p = e.path();
      return p == null ? Path.of(".") : Path.of(p);
    }

    public boolean replaced() {
      return replaced;
    }

    /** Whether the previous version had been kept as the backup (for {@link #rollBack}). */
    public boolean backedUp() {
      return backedUp;
    }
  }
}
