package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreditLevelTest {

  @Test
  void theBalanceBindsUnlessTheBudgetLeavesLess() {
    CreditLevel free = new CreditLevel(900, 100, null);
    assertEquals(900, free.remaining());
    assertEquals(1000, free.quota());
    CreditLevel loose = new CreditLevel(900, 100, 5000L);
    assertEquals(900, loose.remaining());
    assertEquals(1000, loose.quota());
    CreditLevel tight = new CreditLevel(900, 100, 250L);
    assertEquals(150, tight.remaining());
    assertEquals(250, tight.quota());
    assertEquals(0, new CreditLevel(900, 250, 250L).remaining());
    assertEquals(0, new CreditLevel(0, 50, null).remaining());
  }

  @Test
  void aDebitCountsDownAgainstTheSameQuota() {
    CreditLevel before = new CreditLevel(100, 0, null);
    CreditLevel after = new CreditLevel(90, 10, null);
    assertEquals(before.quota(), after.quota());
    assertEquals("\"credits\";q=100", after.policyField());
    assertEquals("\"credits\";r=90;t=60", after.limitField(Instant.parse("2026-12-31T23:59:00Z")));
  }

  @Test
  void thePeriodEndsAtTheNextUtcMonth() {
    assertEquals(
        31L * 24 * 3600, CreditLevel.secondsToPeriodEnd(Instant.parse("2026-12-01T00:00:00Z")));
    assertEquals(1, CreditLevel.secondsToPeriodEnd(Instant.parse("2027-02-28T23:59:59Z")));
    assertNull(CreditLevel.of(null, null, null));
    assertEquals(new CreditLevel(5, 6, null), CreditLevel.of(5L, 6, null));
  }
}
