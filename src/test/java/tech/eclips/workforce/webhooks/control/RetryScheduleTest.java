package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final RetrySchedule DEFAULTS =
      new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(4), Duration.ofDays(3));

  @Test
  void delaysDoubleUpToTheirCeiling() {
    assertEquals(Duration.ofSeconds(5), DEFAULTS.delay(1));
    assertEquals(Duration.ofSeconds(10), DEFAULTS.delay(2));
    assertEquals(Duration.ofSeconds(40), DEFAULTS.delay(4));
    assertEquals(Duration.ofHours(4), DEFAULTS.delay(20));
    assertEquals(Duration.ofHours(4), DEFAULTS.delay(1_000_000));
  }

  @Test
  void eachRetryIsBetweenHalfAndTheWholeDelayAndTheyDiffer() {
    Instant now = Instant.parse("2026-12-06T09:00:00Z");
    SplittableRandom random = new SplittableRandom(23);
    Set<Instant> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Instant next = DEFAULTS.next(3, now, now, random).orElseThrow();
      Duration wait = Duration.between(now, next);
      assertTrue(wait.compareTo(Duration.ofSeconds(10)) >= 0, wait.toString());
      assertTrue(wait.compareTo(Duration.ofSeconds(20)) <= 0, wait.toString());
      seen.add(next);
    }
    assertTrue(seen.size() > 50, "jittered: " + seen.size());
  }

  @Test
  void noRetryAfterTheWindowAndAboutThirtyWithin() {
    Instant created = Instant.parse("2026-12-06T09:00:00Z");
    SplittableRandom random = new SplittableRandom(7);
    Instant at = created;
    int attempts = 1;
    while (true) {
      var next = DEFAULTS.next(attempts, created, at, random);
      if (next.isEmpty()) {
        break;
      }
      at = next.get();
      attempts++;
    }
    assertFalse(at.isAfter(created.plus(Duration.ofDays(3))));
    assertTrue(at.isAfter(created.plus(Duration.ofDays(2))), at.toString());
    assertTrue(attempts >= 20 && attempts <= 45, "attempts in 3 days: " + attempts);
  }
}
