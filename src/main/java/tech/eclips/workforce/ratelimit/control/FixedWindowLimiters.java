package tech.eclips.workforce.ratelimit.control;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import tech.eclips.workforce.requests.control.RateDecision;

/**
 * One resilience4j limiter per subject (an API key, a client address): a fixed window of one
 * minute, never waiting. A limiter whose subject went quiet for two windows is dropped: its window
 * has reset anyway, so a fresh one grants no more. The map holds at most {@code maxSubjects}; when
 * it is full of subjects active within the last two windows, a new subject is refused (decision not
 * allowed, {@link #secondsToWait} above 0) until room frees up, and no existing subject's window is
 * ever dropped or reset to make room: a flood of new subjects (100,000 spoofed addresses) cannot
 * give an exhausted subject a fresh window. Making room scans the map at most once per {@link
 * #ROOM_CHECK} while it is full, so the flood cannot make every request a full scan.
 */
public final class FixedWindowLimiters<K> {

  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration ROOM_CHECK = Duration.ofSeconds(1);
  private static final long IDLE_NANOS = 2 * WINDOW.toNanos();

  private static final class Tracked {
    final AtomicRateLimiter limiter;
    final long createdNanos;
    volatile long lastUsedNanos;

    Tracked(Object key, int perWindow, long now) {
      this.limiter = new AtomicRateLimiter(key.toString(), config(perWindow));
      this.createdNanos = now;
      this.lastUsedNanos = now;
    }
  }

  private final Map<K, Tracked> limiters = new ConcurrentHashMap<>();
  private final int maxSubjects;
  private final LongSupplier clock;
  private final AtomicLong nextSweepNanos;
  private final AtomicLong nextRoomCheckNanos;

  public FixedWindowLimiters(LongSupplier nanoClock, int maxSubjects) {
    this.clock = nanoClock;
    this.maxSubjects = maxSubjects;
    this.nextSweepNanos = new AtomicLong(nanoClock.getAsLong() + WINDOW.toNanos());
    this.nextRoomCheckNanos = new AtomicLong(nanoClock.getAsLong());
  }

  public RateDecision acquire(K key, int perWindow) {
    long now = clock.getAsLong();
    sweepIfDue(now);
    if (!limiters.containsKey(key) && !roomFor(now)) {
      return new RateDecision(
          false, perWindow, 0, ceilSeconds(ROOM_CHECK.toNanos()), (int) WINDOW.toSeconds());
    }
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

  /**
   * Seconds until the subject may pass again, 0 if it may now; uses up nothing. For subjects that
   * are only charged when they fail.
   */
  public long secondsToWait(K key) {
    Tracked tracked = limiters.get(key);
    if (tracked == null) {
      return roomFor(clock.getAsLong()) ? 0 : ceilSeconds(ROOM_CHECK.toNanos());
    }
    if (tracked.limiter.getMetrics().getAvailablePermissions() > 0) {
      return 0;
    }
    return ceilSeconds(tracked.limiter.getDetailedMetrics().getNanosToWait());
  }

  public int size() {
    return limiters.size();
  }

  private void sweepIfDue(long now) {
    long due = nextSweepNanos.get();
    if (now - due >= 0 && nextSweepNanos.compareAndSet(due, now + WINDOW.toNanos())) {
      sweep(now);
    }
  }

  /** Is there room for one more subject? When full, quiet subjects are dropped first. */
  private boolean roomFor(long now) {
    if (limiters.size() < maxSubjects) {
      return true;
    }
    long due = nextRoomCheckNanos.get();
    if (now - due >= 0 && nextRoomCheckNanos.compareAndSet(due, now + ROOM_CHECK.toNanos())) {
      sweep(now);
    }
    return limiters.size() < maxSubjects;
  }

  /** Only quiet subjects: their window has reset, so a fresh one is the same. */
  private void sweep(long now) {
    limiters.values().removeIf(t -> now - t.lastUsedNanos >= IDLE_NANOS);
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
