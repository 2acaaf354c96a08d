package dev.autodev.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often something timed happened and how long it took in total: recorded by the store and the
 * queries in every mode at the cost of two adds, and published as Micrometer timers only where
 * Actuator runs (one-shot commands never load Micrometer).
 */
public final class TimeTally {

  private final LongAdder count = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  /** Records one occurrence that began at {@code startNanos} ({@link System#nanoTime()}). */
  public void recordSince(long startNanos) {
    record(System.nanoTime() - startNanos);
  }

  public void record(long elapsedNanos) {
    count.increment();
    nanos.add(Math.max(0, elapsedNanos));
  }

  public long count() {
    return count.sum();
  }

  /** Total time recorded, in seconds (Micrometer's base unit for timers). */
  public double totalSeconds() {
    return nanos.sum() / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
