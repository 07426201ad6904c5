package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Refresh-ahead: a key in use is re-read in the background before its entry expires, so requests
 * never wait for the database while it is in use; a change to its org meanwhile, or the key's
 * disappearance, is never overwritten by the refresh. Expiry and eviction keep their promises. Time
 * is a fake clock the tests move: nothing sleeps.
 */
class KeyCacheTest {

  private static final Duration TTL = Duration.ofSeconds(3);
  private static final byte[] DIGEST = {1, 2, 3};

  private final OrgId org = new OrgId(UUID.randomUUID());
  private final Caller caller =
      new Caller(
          org,
          UUID.randomUUID(),
          "k",
          "eck_test_…k",
          KeyMode.TEST,
          Set.of(),
          null,
          null,
          null,
          Plan.fromCode("pro").orElseThrow());
  private static final long REFRESH_AGE = TTL.toNanos() / 10 * KeyCache.REFRESH_AT_TENTHS;

  private final AtomicLong clock = new AtomicLong();
  private final KeyCache cache = KeyCache.withTtl(TTL, TTL, clock::get);
  private final AtomicInteger loads = new AtomicInteger();

  KeyCacheTest() {
    cache.refresher = Runnable::run; // refreshes run at once, on the calling thread
  }

  @Test
  void aKeyInUseIsRefreshedBeforeItExpiresAndNeverMisses() {
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    cache.get(DIGEST, loader);
    assertEquals(1, loads.get());
    cache.get(DIGEST, loader);
    assertEquals(1, loads.get(), "a young entry is not refreshed");
    clock.addAndGet(REFRESH_AGE);
    assertEquals(Optional.of(caller), cache.get(DIGEST, loader));
    assertEquals(2, loads.get(), "an old entry in use is refreshed");
    clock.addAndGet(TTL.toNanos() - REFRESH_AGE); // the first load's expiry
    assertTrue(cache.peek(DIGEST).isPresent(), "the refreshed entry is fresh");
  }

  @Test
  void aRefreshRacingAChangeToTheOrgIsDiscarded() {
    cache.get(DIGEST, counting(Optional.of(caller)));
    clock.addAndGet(REFRESH_AGE);
    cache.get(
        DIGEST,
        digest -> {
          cache.evict(org); // a revocation commits while the refresh reads
          return Optional.of(caller);
        });
    assertTrue(cache.peek(DIGEST).isEmpty(), "the stale read must not come back");
  }

  @Test
  void aKeyGoneFromTheDatabaseIsDroppedByItsRefresh() {
    cache.get(DIGEST, counting(Optional.of(caller)));
    clock.addAndGet(REFRESH_AGE);
    cache.get(DIGEST, counting(Optional.empty()));
    assertTrue(cache.peek(DIGEST).isEmpty());
  }

  @Test
  void aRefusedRefreshLeavesTheEntryAndIsTriedAgainLater() {
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    cache.get(DIGEST, loader);
    clock.addAndGet(REFRESH_AGE);
    cache.refresher =
        task -> {
          throw new java.util.concurrent.RejectedExecutionException("queue full");
        };
    assertEquals(Optional.of(caller), cache.get(DIGEST, loader), "the request still gets its key");
    assertEquals(1, loads.get(), "nothing was read");
    cache.refresher = Runnable::run;
    cache.get(DIGEST, loader);
    assertEquals(2, loads.get(), "a refused refresh does not block the next one");
  }

  @Test
  void anEntryUnusedForItsTtlIsReadAgain() {
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    cache.refresher = null;
    cache.get(DIGEST, loader);
    clock.addAndGet(TTL.toNanos() - 1);
    assertTrue(cache.peek(DIGEST).isPresent(), "fresh until its TTL");
    clock.addAndGet(1);
    assertTrue(cache.peek(DIGEST).isEmpty(), "expired at its TTL");
    cache.get(DIGEST, loader);
    assertEquals(2, loads.get());
  }

  @Test
  void whileTheFeedAnswersAnEntryOutlivesTheTtlUpToItsMaxAge() {
    Duration maxAge = TTL.multipliedBy(20);
    KeyCache trusting = KeyCache.withTtl(TTL, maxAge, clock::get);
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    trusting.get(DIGEST, loader);
    for (long at = 0; at < maxAge.toNanos() - TTL.toNanos(); at += TTL.toNanos()) {
      trusting.feedConfirmed(trusting.now()); // the feed polls and names no change of the org
      clock.addAndGet(TTL.toNanos());
      assertTrue(trusting.peek(DIGEST).isPresent(), "served past the TTL while the feed answers");
      trusting.get(DIGEST, loader);
    }
    assertEquals(1, loads.get(), "no re-read of an unchanged key while the feed answers");
    trusting.feedConfirmed(trusting.now());
    clock.addAndGet(TTL.toNanos());
    assertTrue(trusting.peek(DIGEST).isEmpty(), "never older than its max age");
    trusting.get(DIGEST, loader);
    assertEquals(2, loads.get());
  }

  @Test
  void whenTheFeedStopsAnsweringTheTtlIsTheLastResortAgain() {
    KeyCache trusting = KeyCache.withTtl(TTL, TTL.multipliedBy(20), clock::get);
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    trusting.get(DIGEST, loader);
    trusting.feedConfirmed(trusting.now()); // the last poll that succeeds
    clock.addAndGet(KeyCache.FEED_TRUSTED_FOR.toNanos()); // polls fail from here on
    assertTrue(
        KeyCache.FEED_TRUSTED_FOR.compareTo(TTL) > 0, "the test needs the entry past its TTL");
    assertTrue(trusting.peek(DIGEST).isEmpty(), "past its TTL with no recent poll: not served");
    trusting.get(DIGEST, loader);
    assertEquals(2, loads.get(), "read again before it is used");
  }

  @Test
  void anEvictionStillBitesAtOnceWhileTheFeedIsTrusted() {
    KeyCache trusting = KeyCache.withTtl(TTL, TTL.multipliedBy(20), clock::get);
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    trusting.get(DIGEST, loader);
    trusting.feedConfirmed(trusting.now());
    trusting.evict(org); // a revocation here, or one the feed names
    assertTrue(trusting.peek(DIGEST).isEmpty());
    trusting.get(DIGEST, loader);
    assertEquals(2, loads.get());
  }

  @Test
  void anUnknownDigestIsRememberedForItsOwnTtl() {
    Function<byte[], Optional<Caller>> loader = counting(Optional.empty());
    cache.get(DIGEST, loader);
    cache.get(DIGEST, loader);
    assertEquals(1, loads.get(), "an unknown digest does not reach the database again at once");
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    cache.get(DIGEST, loader);
    assertEquals(2, loads.get());
  }

  @Test
  void evictionForgetsTheOrgsKeysOnly() {
    OrgId other = new OrgId(UUID.randomUUID());
    byte[] otherDigest = {9};
    cache.get(DIGEST, counting(Optional.of(caller)));
    cache.get(otherDigest, counting(Optional.of(callerOf(other))));
    cache.evict(org);
    assertTrue(cache.peek(DIGEST).isEmpty());
    assertTrue(cache.peek(otherDigest).isPresent());
  }

  @Test
  void aLookupRacingAChangeIsUsedOnceButNotCached() {
    Optional<Caller> loaded =
        cache.get(
            DIGEST,
            digest -> {
              cache.evict(org);
              return Optional.of(caller);
            });
    assertEquals(Optional.of(caller), loaded);
    assertTrue(cache.peek(DIGEST).isEmpty());
  }

  private Caller callerOf(OrgId owner) {
    return new Caller(
        owner,
        UUID.randomUUID(),
        "k",
        "eck_test_…k",
        KeyMode.TEST,
        Set.of(),
        null,
        null,
        null,
        Plan.fromCode("pro").orElseThrow());
  }

  private Function<byte[], Optional<Caller>> counting(Optional<Caller> result) {
    return digest -> {
      loads.incrementAndGet();
      return result;
    };
  }
}
