package dev.autodev.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The one unchecked storage failure: an error code, the file concerned and the cause. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final StoreErrorCode code;
  private final @Nullable String path;

  public StoreException(
      StoreErrorCode code, @Nullable Path path, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
    this.path = path == null ? null : path.toString();
  }

  public StoreException(StoreErrorCode code, @Nullable Path path, String message) {
    this(code, path, message, null);
  }

  /** Wraps an I/O failure, recognising a full disk or a file size limit. */
  public static StoreException io(Path path, String action, IOException cause) {
    StoreErrorCode code = isNoSpace(cause) ? StoreErrorCode.NO_SPACE : StoreErrorCode.IO_ERROR;
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof FileSystemException fse && fse.getReason() != null) {
      reason = fse.getReason();
    }
    String what = code == StoreErrorCode.NO_SPACE ? noSpaceReason(cause) : reason;
    return new StoreException(code, path, "could not " + action + " " + path + ": " + what, cause);
  }

  /** Which limit was hit: the disk, the user's quota, or the process's file size limit. */
  private static String noSpaceReason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("File too large")) {
        return "file too large (the process's file size limit, ulimit -f, was reached)";
      }
      if (message != null && message.contains("Disk quota exceeded")) {
        return "no space left (disk quota exceeded)";
      }
    }
    return "no space left";
  }

  private static boolean isNoSpace(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && (message.contains("No space left")
              || message.contains("File too large")
              || message.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  public StoreErrorCode code() {
    return code;
  }

  public @Nullable String path() {
    return path;
  }
}
