package dev.autodev.web;

import org.springframework.util.unit.DataSize;

/** A request body went past {@code autodev.api.max-body-size} while it was being read: 413. */
final class RequestTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long limitBytes;

  RequestTooLargeException(DataSize limit) {
    super("request body larger than " + limit.toBytes() + " bytes");
    this.limitBytes = limit.toBytes();
  }

  DataSize limit() {
    return DataSize.ofBytes(limitBytes);
  }
}
