package tech.eclips.workforce.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.requests.control.RateDecision;

class KeyLimitersTest {

  private final KeyLimiters limiters = new KeyLimiters();

  @Test
  void grantsExactlyTheLimitThenRefusesWithTheTimeToWait() {
    UUID key = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      RateDecision decision = limiters.acquire(key, 3);
      assertTrue(decision.allowed());
      assertEquals(2 - i, decision.remaining());
    }
    RateDecision refused = limiters.acquire(key, 3);
    assertFalse(refused.allowed());
    assertEquals(0, refused.remaining());
    assertTrue(refused.secondsToReset() >= 1 && refused.secondsToReset() <= 60);
    assertEquals("\"per-key\";q=3;w=60", refused.policyField());
  }

  @Test
  void concurrentAcquisitionsNeverExceedTheLimit() throws Exception {
    UUID key = UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger allowed = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      done.add(
          pool.submit(
              () -> {
                start.await();
                if (limiters.acquire(key, 100).allowed()) {
                  allowed.incrementAndGet();
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertEquals(100, allowed.get());
  }

  @Test
  void aLowerLimitAppliesToTheSameKeyAtOnce() {
    UUID key = UUID.randomUUID();
    assertTrue(limiters.acquire(key, 10).allowed());
    assertEquals(10, limiters.acquire(key, 10).limit());
    RateDecision lowered = limiters.acquire(key, 2);
    assertEquals(2, lowered.limit());
  }

  @Test
  void effectiveLimitIsTheKeysButNeverAboveThePlans() {
    assertEquals(60, EffectiveLimit.perMinute(null, 60));
    assertEquals(10, EffectiveLimit.perMinute(10, 60));
    assertEquals(60, EffectiveLimit.perMinute(500, 60));
    assertEquals(EffectiveLimit.NO_PLAN_FIGURE, EffectiveLimit.perMinute(null, 0));
    assertEquals(5, EffectiveLimit.perMinute(5, 0));
  }

  @Test
  void limitersOfKeysThatWentQuietAreDropped() {
    AtomicLong now = new AtomicLong();
    KeyLimiters clocked = new KeyLimiters(now::get);
    for (int i = 0; i < 10_000; i++) {
      clocked.acquire(UUID.randomUUID(), 60);
    }
    assertEquals(10_000, clocked.size());
    UUID active = UUID.randomUUID();
    now.addAndGet(Duration.ofSeconds(90).toNanos());
    clocked.acquire(active, 60);
    assertEquals(10_001, clocked.size(), "nothing is idle for two windows yet");
    now.addAndGet(Duration.ofSeconds(90).toNanos());
    clocked.acquire(active, 60);
    assertEquals(1, clocked.size());
  }

  @Test
  void aFloodOfNewSubjectsNeverResetsAnExhaustedWindow() {
    AtomicLong now = new AtomicLong();
    FixedWindowLimiters<String> addresses = new FixedWindowLimiters<>(now::get, 100_000);
    for (int i = 0; i < 60; i++) {
      assertTrue(addresses.acquire("198.51.100.7", 60).allowed());
    }
    assertFalse(addresses.acquire("198.51.100.7", 60).allowed());
    for (int i = 0; i < 100_001; i++) {
      addresses.acquire("flood-" + i, 60);
    }
    assertTrue(addresses.size() <= 100_000, "bounded: " + addresses.size());
    assertTrue(addresses.secondsToWait("198.51.100.7") > 0, "its window was reset");
    assertFalse(addresses.acquire("198.51.100.7", 60).allowed(), "its window was reset");
    assertFalse(addresses.acquire("flood-100000", 60).allowed(), "no room: refused, not counted");
    assertTrue(addresses.secondsToWait("another") > 0, "while full, a new subject waits");
    now.addAndGet(Duration.ofMinutes(3).toNanos());
    assertTrue(addresses.acquire("another", 60).allowed(), "quiet subjects make room");
  }
}
