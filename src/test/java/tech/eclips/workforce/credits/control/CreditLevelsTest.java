package tech.eclips.workforce.credits.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The node's credit readings and the feed's: a fed reading keeps an org's reading alive, never
 * replaces a newer one and never brings back one a movement dropped. The clock is a fake one the
 * tests move: nothing sleeps.
 */
class CreditLevelsTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(2);
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  private static final CreditLevel OLD = new CreditLevel(100, 0, null);
  private static final CreditLevel NEW = new CreditLevel(90, 10, null);

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final CreditLevels levels = CreditLevels.withMaxAge(MAX_AGE, clock::get);
  private final OrgId org = OrgId.random();

  @Test
  void aReadingExpiresAfterTheMaxAgeUnlessTheFeedReadsItAgain() {
    levels.remember(org, OLD);
    clock.addAndGet(3 * SECOND);
    assertEquals(Optional.empty(), levels.recent(org));

    levels.remember(org, OLD);
    for (int second = 0; second < 10; second++) {
      clock.addAndGet(SECOND);
      levels.fed(Map.of(org, NEW), levels.now());
    }
    clock.addAndGet(SECOND);
    assertEquals(Optional.of(NEW), levels.recent(org));
  }

  @Test
  void theFeedReadsTheOrgsAskedForLatelyOnly() {
    OrgId idle = OrgId.random();
    levels.recent(org);
    levels.recent(idle);
    assertEquals(2, levels.inUse().size());
    for (int second = 0; second < 11; second++) {
      clock.addAndGet(SECOND);
      levels.recent(org);
    }
    assertEquals(List.of(org), levels.inUse());
  }

  @Test
  void aFedReadingNeverReplacesANewerOne() {
    long readStartedAt = levels.now();
    clock.addAndGet(SECOND / 10);
    levels.remember(org, NEW); // a debit's own reading, after the feed's statement began
    levels.fed(Map.of(org, OLD), readStartedAt);
    assertEquals(Optional.of(NEW), levels.recent(org));
  }

  @Test
  void aFedReadingNeverBringsBackOneAMovementDropped() {
    levels.remember(org, OLD);
    long readStartedAt = levels.now();
    clock.addAndGet(SECOND / 10);
    levels.forget(org); // a grant: the statement may not have seen it
    levels.fed(Map.of(org, OLD), readStartedAt);
    assertEquals(Optional.empty(), levels.recent(org));

    clock.addAndGet(SECOND);
    levels.fed(Map.of(org, NEW), levels.now()); // a read that began after the grant
    assertEquals(Optional.of(NEW), levels.recent(org));
  }
}
