package tech.eclips.workforce.keys.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Resolved keys by digest, so that a request does not pay a database round trip to authenticate.
 *
 * <p>Freshness: every change that affects a key (revoke, rotate, plan change) fires {@link
 * KeysChanged}; after its transaction commits this cache drops the org's entries, so the next
 * request re-reads them. A lookup that raced with a change is used once but not cached (the
 * generation check). Other nodes learn of the change from the change feed within about a second
 * ({@link KeyChangeFeed}).
 *
 * <p>Age: while the feed answers (a poll succeeded in the last {@link #FEED_TRUSTED_FOR}), an entry
 * is served until {@code eclips.keys.cache-max-age} (10 minutes): every change made through the
 * product reaches this node through the feed or its own event, so re-reading a key that did not
 * change only costs the database. When the feed has not answered for that long, the last resort of
 * {@code eclips.keys.cache-ttl} (30 s) applies again, as it did for every entry before: an entry
 * older than the TTL is read again before it is used. Issue 26's benchmark measured what the
 * re-reads cost a guarded read on 1,000 active keys: about a third of its server CPU.
 *
 * <p>Bounds: at most {@link #MAX_ENTRIES} keys and {@link #MAX_UNKNOWN} unknown digests, each held
 * by Caffeine, which expires them on its {@link Ticker} and evicts the least useful beyond the
 * bound (its maintenance runs on the calling thread: no pool of its own in the container).
 */
@ApplicationScoped
public class KeyCache {

  static final int MAX_ENTRIES = 200_000;
  static final int MAX_UNKNOWN = 100_000;

  /**
   * How recent the feed's last successful poll must be for entries to outlive the TTL: the poll
   * runs every second, so a few missed polls fall back to the TTL.
   */
  static final Duration FEED_TRUSTED_FOR = Duration.ofSeconds(5);

  /** Refresh an entry in use once it is this many tenths of its age limit old. */
  static final int REFRESH_AT_TENTHS = 8;

  /**
   * Refreshes waiting for the refresher thread; beyond it a refresh is skipped (its entry then
   * expires and the next request reads the database, as without refresh-ahead).
   */
  static final int MAX_REFRESHES_WAITING = 1_024;

  private record Entry(Caller caller, long loadedAtNanos) {}

  private final AtomicLong generation = new AtomicLong();

  /**
   * When the last successful feed poll started (ticker time); {@link #NEVER} until the first: the
   * TTL applies.
   */
  private volatile long feedConfirmedAt = NEVER;

  private static final long NEVER = Long.MIN_VALUE;

  private final Set<ByteBuffer> refreshing = ConcurrentHashMap.newKeySet();
  private Cache<ByteBuffer, Entry> entries;
  private Cache<ByteBuffer, Boolean> unknown;

  /** The clock of expiry and refresh; tests set one of their own. */
  Ticker ticker = Ticker.systemTicker();

  @Resource ManagedThreadFactory threads;

  /**
   * Where refreshes run: one thread of its own with a bounded queue (tests may set another; none,
   * no refresh-ahead), so that refreshes, which each wait for the database, never take threads of
   * the shared managed executor from request work, and a burst of them is bounded.
   */
  Executor refresher;

  @Inject
  @ConfigProperty(name = "eclips.keys.unknown-ttl", defaultValue = "PT10S")
  Duration unknownTtl;

  @Inject
  @ConfigProperty(name = "eclips.keys.cache-ttl", defaultValue = "PT30S")
  Duration ttl;

  @Inject
  @ConfigProperty(name = "eclips.keys.cache-max-age", defaultValue = "PT10M")
  Duration maxAge;

  @PostConstruct
  void start() {
    build();
    refresher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_REFRESHES_WAITING),
            task -> {
              Thread thread = threads.newThread(task);
              thread.setName("eclips-key-refresher");
              return thread;
            });
  }

  @PreDestroy
  void stopRefresher() {
    if (refresher instanceof ExecutorService service) {
      service.shutdownNow();
    }
  }

  /** For use outside CDI (the guard-path benchmark); no refresh-ahead, no feed. */
  public static KeyCache withTtl(Duration ttl) {
    return withTtl(ttl, ttl, Ticker.systemTicker());
  }

  static KeyCache withTtl(Duration ttl, Duration maxAge, Ticker ticker) {
    KeyCache cache = new KeyCache();
    cache.ttl = ttl;
    cache.maxAge = maxAge;
    cache.unknownTtl = Duration.ofSeconds(10);
    cache.ticker = ticker;
    cache.build();
    return cache;
  }

  private void build() {
    entries = bounded(MAX_ENTRIES, longestAge());
    unknown = bounded(MAX_UNKNOWN, unknownTtl);
  }

  private <V> Cache<ByteBuffer, V> bounded(int size, Duration expiry) {
    return Caffeine.newBuilder()
        .maximumSize(size)
        .expireAfterWrite(expiry)
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  public Optional<Caller> get(byte[] digest, Function<byte[], Optional<Caller>> loader) {
    ByteBuffer key = ByteBuffer.wrap(digest);
    Entry entry = entries.getIfPresent(key);
    long now = ticker.read();
    long limit = ageLimit(now);
    if (entry != null && now - entry.loadedAtNanos() < limit) {
      if (now - entry.loadedAtNanos() >= limit / 10 * REFRESH_AT_TENTHS) {
        refreshAhead(key, digest, entry, loader);
      }
      return Optional.of(entry.caller());
    }
    if (unknown.getIfPresent(key) != null) {
      return Optional.empty();
    }
    long seen = generation.get();
    Optional<Caller> loaded = loader.apply(digest);
    if (loaded.isPresent() && generation.get() == seen) {
      entries.put(key, new Entry(loaded.get(), now));
    } else if (loaded.isEmpty()) {
      // apart from known keys, so that a flood of random digests can never push a real key out; a
      // key minted meanwhile cannot be among them: its digest is new (190 random bits)
      unknown.put(key, Boolean.TRUE);
    }
    return loaded;
  }

  /**
   * A key in use is re-read in the background once its entry is older than {@link
   * #REFRESH_AT_TENTHS} tenths of the TTL, so an active key never waits for the database and no
   * entry is ever older than the TTL. One refresh per key at a time; a change to the org meanwhile
   * (the generation) discards it; a key gone from the database is dropped.
   */
  private void refreshAhead(
      ByteBuffer key, byte[] digest, Entry entry, Function<byte[], Optional<Caller>> loader) {
    if (refresher == null || !refreshing.add(key)) {
      return;
    }
    long seen = generation.get();
    try {
      refresher.execute(
          () -> {
            try {
              long now = ticker.read();
              Optional<Caller> loaded = loader.apply(digest);
              if (generation.get() == seen) {
                if (loaded.isPresent()) {
                  entries.asMap().replace(key, entry, new Entry(loaded.get(), now));
                } else {
                  entries.asMap().remove(key, entry);
                }
              }
            } finally {
              refreshing.remove(key);
            }
          });
    } catch (RuntimeException rejected) {
      // refresher stopping or queue full: the entry expires, the next request reads
      refreshing.remove(key);
    }
  }

  /** A fresh entry for the digest, without ever loading one. */
  public Optional<Caller> peek(byte[] digest) {
    Entry cached = entries.getIfPresent(ByteBuffer.wrap(digest));
    long now = ticker.read();
    return cached == null || now - cached.loadedAtNanos() >= ageLimit(now)
        ? Optional.empty()
        : Optional.of(cached.caller());
  }

  /**
   * The feed's poll that started at {@code polledAt} ({@link #now}) succeeded and evicted every org
   * it named: nothing committed before it is still cached unevicted.
   */
  void feedConfirmed(long polledAt) {
    feedConfirmedAt = polledAt;
  }

  /** This cache's clock, for {@link #feedConfirmed}. */
  long now() {
    return ticker.read();
  }

  /** The max age while the feed answers, else the TTL (the last resort). */
  private long ageLimit(long now) {
    long confirmed = feedConfirmedAt;
    boolean trusted = confirmed != NEVER && now - confirmed < FEED_TRUSTED_FOR.toNanos();
    return trusted ? longestAge().toNanos() : ttl.toNanos();
  }

  /** A max age below the TTL is the TTL: the feed never shortens an entry's life. */
  private Duration longestAge() {
    return maxAge.compareTo(ttl) < 0 ? ttl : maxAge;
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeysChanged change) {
    evict(change.org());
  }

  /** Forgets an org's keys: the next request for any of them reads the database. */
  public void evict(OrgId org) {
    generation.incrementAndGet();
    entries.asMap().values().removeIf(e -> e.caller().org().equals(org));
  }

  /** Forgets every key: the feed could not say which orgs changed. */
  public void evictAll() {
    generation.incrementAndGet();
    entries.invalidateAll();
  }

  public long size() {
    return entries.estimatedSize();
  }
}
