package dev.autodev.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/** The store's file operations on the real disk; files it creates are private to the owner. */
public final class RealStoreFileSystem implements StoreFileSystem {

  @Override
  public void write(Path file, byte[] data, boolean sync) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            EnumSet.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            StoreFileModes.forFile(file))) {
      writeFully(ch, data);
      if (sync) {
        ch.force(true);
      }
    }
  }

  @Override
  public void append(Path file, byte[] data, boolean sync) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            StoreFileModes.forFile(file))) {
      // Position explicitly instead of O_APPEND: we hold the store lock, and an explicit
      // position lets a rollback truncate to exactly the size seen here.
      ch.position(ch.size());
      writeFully(ch, data);
      if (sync) {
        // Appending changes the file size, which fdatasync also flushes.
        ch.force(false);
      }
    }
  }

  @Override
  public void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (ch.size() > size) {
        ch.truncate(size);
      }
      ch.force(true);
    }
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    Files.deleteIfExists(link);
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException e) {
      // File systems without hard links get a copy, made durable like any other write.
      write(link, Files.readAllBytes(existing), true);
    }
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  private static void writeFully(FileChannel ch, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
  }
}
