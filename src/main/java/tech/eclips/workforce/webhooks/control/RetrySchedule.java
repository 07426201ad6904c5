package tech.eclips.workforce.webhooks.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: exponential back-off ({@code firstDelay} doubled per
 * attempt, at most {@code maxDelay}) with "equal jitter" (half the delay fixed, half random), so
 * that the retries of many deliveries that failed together spread out; none after {@code window} (3
 * days by default) from the delivery's creation: the delivery has then failed.
 */
public record RetrySchedule(Duration firstDelay, Duration maxDelay, Duration window) {

  public RetrySchedule {
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("0 < first delay <= max delay");
    }
  }

  /** After {@code attempts} failed attempts (1 or more), the next one's time, if any is left. */
  public Optional<Instant> next(
      int attempts, Instant createdAt, Instant now, RandomGenerator random) {
    long delayMillis = delay(attempts).toMillis();
    long half = delayMillis / 2;
    Instant next = now.plusMillis(half + random.nextLong(delayMillis - half + 1));
    return next.isAfter(createdAt.plus(window)) ? Optional.empty() : Optional.of(next);
  }

  /** The un-jittered delay after {@code attempts} failures. */
  Duration delay(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    Duration delay = firstDelay;
    for (int i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
