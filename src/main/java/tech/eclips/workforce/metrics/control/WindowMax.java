package tech.eclips.workforce.metrics.control;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The largest value of the last two minutes or so, as Micrometer's {@code TimeWindowMax} keeps a
 * timer's {@code _max} on Liberty: three buffers, each taking every value, one of them cleared
 * every 40 s in turn; the oldest uncleared one is read. A spike therefore leaves {@code _max} after
 * two minutes instead of staying there until the server restarts.
 */
final class WindowMax {

  static final long WINDOW_NANOS = 120_000_000_000L;
  private static final int BUFFERS = 3;
  private static final long STEP_NANOS = WINDOW_NANOS / BUFFERS;

  private final AtomicLongArray buffers = new AtomicLongArray(BUFFERS);
  private final LongSupplier clock;
  private volatile long lastRotation;
  private volatile int current;

  WindowMax(LongSupplier clock) {
    this.clock = clock;
    this.lastRotation = clock.getAsLong();
  }

  void accumulate(long value) {
    rotate();
    for (int i = 0; i < BUFFERS; i++) {
      long seen;
      do {
        seen = buffers.get(i);
      } while (value > seen && !buffers.compareAndSet(i, seen, value));
    }
  }

  long get() {
    rotate();
    return buffers.get(current);
  }

  /** Clears the oldest buffer for each step that passed (all of them after a quiet window). */
  private void rotate() {
    long now = clock.getAsLong();
    if (now - lastRotation < STEP_NANOS) {
      return;
    }
    synchronized (this) {
      long steps = (now - lastRotation) / STEP_NANOS;
      if (steps <= 0) {
        return;
      }
      for (long s = 0; s < Math.min(steps, BUFFERS); s++) {
        buffers.set(current, 0);
        current = (current + 1) % BUFFERS;
      }
      lastRotation += steps * STEP_NANOS;
    }
  }
}
