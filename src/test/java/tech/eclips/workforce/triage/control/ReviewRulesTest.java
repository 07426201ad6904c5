package tech.eclips.workforce.triage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.triage.control.ReviewRules.Verdict;

class ReviewRulesTest {

  private static final Reviewer KEY = Reviewer.key(UUID.randomUUID());
  private static final Reviewer MEMBER = Reviewer.user("member", false);
  private static final Reviewer ADMIN = Reviewer.user("admin", true);
  private static final Optional<BigDecimal> THRESHOLD = Optional.of(new BigDecimal("100.00"));

  @Test
  void theSubmitterNeverReviewsWhateverTheAmount() {
    assertEquals(Verdict.SELF_REVIEW, ReviewRules.verdict(KEY, true, null, Optional.empty()));
    assertEquals(Verdict.SELF_REVIEW, ReviewRules.verdict(KEY, true, BigDecimal.ONE, THRESHOLD));
  }

  @Test
  void aboveTheThresholdOnlyAnAdminDecides() {
    BigDecimal above = new BigDecimal("100.01");
    assertEquals(Verdict.ADMIN_REQUIRED, ReviewRules.verdict(KEY, false, above, THRESHOLD));
    assertEquals(Verdict.ADMIN_REQUIRED, ReviewRules.verdict(MEMBER, false, above, THRESHOLD));
    assertEquals(Verdict.ALLOWED, ReviewRules.verdict(ADMIN, false, above, THRESHOLD));
  }

  @Test
  void atOrBelowTheThresholdWithoutATotalOrWithoutAThresholdAnyoneElseDecides() {
    assertEquals(
        Verdict.ALLOWED, ReviewRules.verdict(MEMBER, false, new BigDecimal("100"), THRESHOLD));
    assertEquals(Verdict.ALLOWED, ReviewRules.verdict(KEY, false, null, THRESHOLD));
    assertEquals(
        Verdict.ALLOWED, ReviewRules.verdict(KEY, false, new BigDecimal("1e9"), Optional.empty()));
  }

  @Test
  void aLongSubjectIsBoundedInTheRecord() {
    assertEquals(
        "user:" + "s".repeat(Reviewer.MAX_SUBJECT), Reviewer.user("s".repeat(500), false).id());
  }
}
