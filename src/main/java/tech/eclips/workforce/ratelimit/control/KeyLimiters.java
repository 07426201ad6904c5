package tech.eclips.workforce.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.LongSupplier;

/** The per-key limiters of the rate-limit ring (CONTRACT §4 step 3). */
@ApplicationScoped
public class KeyLimiters {

  static final int MAX_KEYS = 1_000_000;

  private final FixedWindowLimiters<UUID> limiters;

  public KeyLimiters() {
    this(System::nanoTime);
  }

  /** With a clock of our own, for the eviction test. */
  KeyLimiters(LongSupplier nanoClock) {
    this.limiters = new FixedWindowLimiters<>(nanoClock, MAX_KEYS);
  }

  public RateDecision acquire(UUID key, int perWindow) {
    return limiters.acquire(key, perWindow);
  }

  public int size() {
    return limiters.size();
  }
}
