package dev.autodev.tracker;

/** Set once a {@link PendingChange} is on disk; the tracker refuses to acknowledge it otherwise. */
final class SaveReceipt {
  private volatile boolean confirmed;

  void confirm() {
    confirmed = true;
  }

  boolean confirmed() {
    return confirmed;
  }
}
