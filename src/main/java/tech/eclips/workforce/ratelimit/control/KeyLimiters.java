package tech.eclips.workforce.ratelimit.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.requests.control.RateDecision;

/**
 * The per-key limiters of the rate-limit ring (CONTRACT §4 step 3). {@code
 * ECLIPS_RATELIMIT_STORE=local} (the default) counts on this node alone: right for one node, N
 * times the limit for N nodes. {@code redis} counts in the shared Redis at {@code ECLIPS_REDIS_URL}
 * ({@link SharedWindows}), exact across nodes.
 *
 * <p>When Redis does not answer within its timeout, the request is decided by this node's own
 * limiter instead (degrade, not fail closed): the API stays up, and a key still gets at most its
 * limit per node. Redis is then left alone for {@link #RETRY_SHARED_AFTER} so a dead store does not
 * cost every request a timeout; one warning is logged per outage.
 */
@ApplicationScoped
public class KeyLimiters {

  static final int MAX_KEYS = 1_000_000;
  static final Duration RETRY_SHARED_AFTER = Duration.ofSeconds(1);

  private static final Logger LOG = Logger.getLogger(KeyLimiters.class.getName());

  private final FixedWindowLimiters<UUID> local;
  private final FixedWindowLimiters<String> localSubjects;
  private final LongSupplier clock;
  private volatile SharedWindows shared;
  private volatile long sharedPausedUntil;
  private volatile boolean degraded;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.store", defaultValue = "local")
  String store;

  @Inject
  @ConfigProperty(name = "eclips.redis.url", defaultValue = "redis://127.0.0.1:6379")
  String redisUrl;

  @Inject
  @ConfigProperty(name = "eclips.redis.timeout", defaultValue = "PT0.5S")
  Duration redisTimeout;

  @Inject
  @ConfigProperty(name = "eclips.redis.pool-size", defaultValue = "16")
  int redisPoolSize;

  @Inject
  @ConfigProperty(name = "eclips.redis.key-prefix", defaultValue = "eclips:rl:")
  String redisKeyPrefix;

  public KeyLimiters() {
    this(System::nanoTime);
  }

  /** With a clock of our own, for the eviction test. */
  KeyLimiters(LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.local = new FixedWindowLimiters<>(nanoClock, MAX_KEYS);
    this.localSubjects = new FixedWindowLimiters<>(nanoClock, MAX_KEYS);
    this.sharedPausedUntil = nanoClock.getAsLong();
  }

  /** A node counting in {@code shared} outside CDI: the shared store's tests and benchmark. */
  public static KeyLimiters sharedIn(SharedWindows shared) {
    KeyLimiters limiters = new KeyLimiters();
    limiters.shared = shared;
    return limiters;
  }

  @PostConstruct
  void chooseStore() {
    switch (store.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "local" -> shared = null;
      case "redis" -> {
        RedisSettings settings =
            RedisSettings.parse(redisUrl, redisTimeout, redisPoolSize, redisKeyPrefix);
        shared = new SharedWindows(settings);
        LOG.info("per-key rate limits are counted in the shared Redis at " + settings);
      }
      default ->
          throw new IllegalArgumentException(
              "ECLIPS_RATELIMIT_STORE must be 'local' or 'redis', not '" + store + "'");
    }
  }

  /**
   * Created at start-up, so an unknown store or a malformed Redis URL stops the application from
   * starting (reason in messages.log) instead of failing every request.
   */
  void startEagerly(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // the observer's bean is created to receive the event: chooseStore() has run
  }

  public RateDecision acquire(UUID key, int perWindow) {
    RateDecision decision = acquireShared(key.toString(), perWindow);
    return decision != null ? decision : local.acquire(key, perWindow);
  }

  /**
   * Any other subject counted in the same store (a console user, an org, an org's audit scans):
   * {@code subject} is a name of the caller's choosing that never collides with a key id, e.g.
   * {@code "org:<uuid>"}.
   */
  public RateDecision acquire(String subject, int perWindow) {
    RateDecision decision = acquireShared(subject, perWindow);
    return decision != null ? decision : localSubjects.acquire(subject, perWindow);
  }

  /** The shared store's decision, or null when there is none or it does not answer. */
  private RateDecision acquireShared(String subject, int perWindow) {
    SharedWindows counting = shared;
    if (counting != null && clock.getAsLong() - sharedPausedUntil >= 0) {
      try {
        RateDecision decision = counting.acquire(subject, perWindow);
        if (degraded) {
          degraded = false;
          LOG.info("shared rate-limit store answers again; counting there");
        }
        return decision;
      } catch (SharedStoreUnavailable e) {
        sharedPausedUntil = clock.getAsLong() + RETRY_SHARED_AFTER.toNanos();
        if (!degraded) {
          degraded = true;
          LOG.log(
              Level.WARNING,
              "shared rate-limit store unavailable; limiting per node",
              RedactedFailure.of(e));
        }
      }
    }
    return null;
  }

  /** True while requests are decided by this node alone although a shared store is configured. */
  public boolean degraded() {
    return shared != null && degraded;
  }

  public int size() {
    return local.size() + localSubjects.size();
  }

  @PreDestroy
  void close() {
    SharedWindows counting = shared;
    if (counting != null) {
      counting.close();
    }
  }
}
