package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Refresh-ahead: a key in use is re-read in the background before its entry expires, so requests
 * never wait for the database while it is in use; a change to its org meanwhile, or the key's
 * disappearance, is never overwritten by the refresh. (The TTL is seconds long so that a loaded
 * machine's late wake-up cannot expire an entry the test expects fresh.)
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
  private final KeyCache cache = KeyCache.withTtl(TTL);
  private final AtomicInteger loads = new AtomicInteger();

  KeyCacheTest() {
    cache.refresher = Runnable::run; // refreshes run at once, on the calling thread
  }

  @Test
  void aKeyInUseIsRefreshedBeforeItExpiresAndNeverMisses() throws InterruptedException {
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    cache.get(DIGEST, loader);
    assertEquals(1, loads.get());
    cache.get(DIGEST, loader);
    assertEquals(1, loads.get(), "a young entry is not refreshed");
    Thread.sleep(TTL.toMillis() * KeyCache.REFRESH_AT_TENTHS / 10 + 100);
    assertEquals(Optional.of(caller), cache.get(DIGEST, loader));
    assertEquals(2, loads.get(), "an old entry in use is refreshed");
    Thread.sleep(TTL.toMillis() / 5 + 200); // past the first load's expiry
    assertTrue(cache.peek(DIGEST).isPresent(), "the refreshed entry is fresh");
  }

  @Test
  void aRefreshRacingAChangeToTheOrgIsDiscarded() throws InterruptedException {
    cache.get(DIGEST, counting(Optional.of(caller)));
    Thread.sleep(TTL.toMillis() * KeyCache.REFRESH_AT_TENTHS / 10 + 100);
    cache.get(
        DIGEST,
        digest -> {
          cache.evict(org); // a revocation commits while the refresh reads
          return Optional.of(caller);
        });
    assertTrue(cache.peek(DIGEST).isEmpty(), "the stale read must not come back");
  }

  @Test
  void aKeyGoneFromTheDatabaseIsDroppedByItsRefresh() throws InterruptedException {
    cache.get(DIGEST, counting(Optional.of(caller)));
    Thread.sleep(TTL.toMillis() * KeyCache.REFRESH_AT_TENTHS / 10 + 100);
    cache.get(DIGEST, counting(Optional.empty()));
    assertTrue(cache.peek(DIGEST).isEmpty());
  }

  @Test
  void aRefusedRefreshLeavesTheEntryAndIsTriedAgainLater() throws InterruptedException {
    Function<byte[], Optional<Caller>> loader = counting(Optional.of(caller));
    cache.get(DIGEST, loader);
    Thread.sleep(TTL.toMillis() * KeyCache.REFRESH_AT_TENTHS / 10 + 100);
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

  private Function<byte[], Optional<Caller>> counting(Optional<Caller> result) {
    return digest -> {
      loads.incrementAndGet();
      return result;
    };
  }
}
