package dev.autodev.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Identity, size and modification time of a file: a cheap way to notice that another process
 * replaced or appended to it since we last looked.
 */
public record FileStamp(@Nullable Object fileKey, long size, long modifiedNanos) {

  /** The stamp of a file that does not exist. */
  public static final FileStamp ABSENT = new FileStamp(null, -1, -1);

  public static FileStamp of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      long nanos = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      return new FileStamp(a.fileKey(), a.size(), nanos);
    } catch (NoSuchFileException e) {
      return ABSENT;
    } catch (IOException e) {
      throw StoreException.io(file, "read the attributes of", e);
    }
  }
}
