package tech.eclips.workforce.ratelimit.control;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One resilience4j limiter per key: a fixed window of one minute, never waiting. Limiters of keys
 * that went quiet for two windows are dropped (a fresh one grants no more than a new window would),
 * so the map holds only keys in use.
 */
@ApplicationScoped
public class KeyLimiters {

  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final long IDLE_NANOS = 2 * WINDOW.toNanos();

  private static final class Tracked {
    final AtomicRateLimiter limiter;
    final long createdNanos;
    volatile long lastUsedNanos;

    Tracked(UUID key, int perWindow, long now) {
      this.limiter = new AtomicRateLimiter(key.toString(), config(perWindow));
      this.createdNanos = now;
      this.lastUsedNanos = now;
    }
  }

  private final Map<UUID, Tracked> limiters = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final AtomicLong nextSweepNanos;

  public KeyLimiters() {
    this(System::nanoTime);
  }

  /** With a clock of our own, for the eviction test. */
  KeyLimiters(LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.nextSweepNanos = new AtomicLong(nanoClock.getAsLong() + WINDOW.toNanos());
  }

  public RateDecision acquire(UUID key, int perWindow) {
    long now = clock.getAsLong();
    sweepIfDue(now);
    Tracked tracked = limiters.computeIfAbsent(key, k -> new Tracked(k, perWindow, now));
    if (tracked.limiter.getRateLimiterConfig().getLimitForPeriod() != perWindow) {
      tracked.limiter.changeLimitForPeriod(perWindow);
    }
    tracked.lastUsedNanos = now;
    boolean allowed = tracked.limiter.acquirePermission();
    int remaining = Math.max(0, tracked.limiter.getMetrics().getAvailablePermissions());
    long nanosToReset =
        allowed
            ? WINDOW.toNanos() - (now - tracked.createdNanos) % WINDOW.toNanos()
            : tracked.limiter.getDetailedMetrics().getNanosToWait();
    return new RateDecision(
        allowed, perWindow, remaining, ceilSeconds(nanosToReset), (int) WINDOW.toSeconds());
  }

  public int size() {
    return limiters.size();
  }

  private void sweepIfDue(long now) {
    long due = nextSweepNanos.get();
    if (now - due >= 0 && nextSweepNanos.compareAndSet(due, now + WINDOW.toNanos())) {
      limiters.values().removeIf(t -> now - t.lastUsedNanos > IDLE_NANOS);
    }
  }

  private static long ceilSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  private static RateLimiterConfig config(int perWindow) {
    return RateLimiterConfig.custom()
        .limitForPeriod(perWindow)
        .limitRefreshPeriod(WINDOW)
        .timeoutDuration(Duration.ZERO)
        .build();
  }
}
