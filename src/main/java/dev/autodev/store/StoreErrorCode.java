package dev.autodev.store;

/** Why a storage operation failed; decides the exit code and HTTP status at the edges. */
public enum StoreErrorCode {
  /** Another process held the store lock for longer than the configured timeout. */
  LOCK_TIMEOUT,
  /** The disk is full or a file size limit was reached. */
  NO_SPACE,
  /** Any other I/O failure while reading or writing a store file. */
  IO_ERROR,
  /** A file does not parse, fails its checksum, or breaks an invariant. */
  CORRUPT_FILE,
  /** A file was written by a newer version of auto-dev than this one. */
  UNSUPPORTED_SCHEMA,
  /**
   * This process cannot write the store (a read-only file system, or a data folder it has no write
   * permission on); reading works, every change is refused before anything is written.
   */
  READ_ONLY,
  /** A freshly written file did not read back as written; it replaced nothing. */
  VALIDATION_FAILED
}
