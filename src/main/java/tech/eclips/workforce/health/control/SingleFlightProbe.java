package tech.eclips.workforce.health.control;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A probe asked at most once per period however often it is asked for: within the period the last
 * answer is served; after it, one caller probes while the others are served the last answer (or,
 * before there is one, wait for the first). A flood of anonymous health requests so costs at most
 * one database connection at a time and one per period.
 */
public final class SingleFlightProbe {

  private record Answer(boolean up, long atNanos) {}

  private final BooleanSupplier probe;
  private final long periodNanos;
  private final LongSupplier clock;
  private final ReentrantLock inFlight = new ReentrantLock();
  private volatile Answer last;

  public SingleFlightProbe(BooleanSupplier probe, long periodNanos, LongSupplier nanoClock) {
    this.probe = probe;
    this.periodNanos = periodNanos;
    this.clock = nanoClock;
  }

  public boolean up() {
    Answer answer = last;
    if (fresh(answer)) {
      return answer.up();
    }
    if (answer != null && !inFlight.tryLock()) {
      return answer.up();
    }
    if (answer == null) {
      inFlight.lock();
    }
    try {
      answer = last;
      if (fresh(answer)) {
        return answer.up();
      }
      boolean up = probe.getAsBoolean();
      last = new Answer(up, clock.getAsLong());
      return up;
    } finally {
      inFlight.unlock();
    }
  }

  private boolean fresh(Answer answer) {
    return answer != null && clock.getAsLong() - answer.atNanos() < periodNanos;
  }
}
