package tech.eclips.workforce.triage.control;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Segregation of duties in review (CONTRACT §11), as a pure decision: the key that submitted a run
 * (or a key rotated from or into it: the same credential held by the same integration) never
 * resolves its item, and a total above the org's review threshold needs an org admin. Console users
 * never submit runs, so a console user is always someone else. Both modes alike: test mode
 * rehearses live.
 */
public final class ReviewRules {

  /** Whether the reviewer may decide, and if not, why. */
  public enum Verdict {
    ALLOWED,
    SELF_REVIEW,
    ADMIN_REQUIRED
  }

  private ReviewRules() {}

  /**
   * @param submittedByReviewer the reviewer is the submitting key or of its rotation lineage
   * @param total the result's total, if it has one (invoices)
   * @param adminThreshold the org's review threshold, if set
   */
  public static Verdict verdict(
      Reviewer reviewer,
      boolean submittedByReviewer,
      BigDecimal total,
      Optional<BigDecimal> adminThreshold) {
    if (submittedByReviewer) {
      return Verdict.SELF_REVIEW;
    }
    boolean aboveThreshold =
        total != null && adminThreshold.map(t -> total.compareTo(t) > 0).orElse(false);
    return aboveThreshold && !reviewer.orgAdmin() ? Verdict.ADMIN_REQUIRED : Verdict.ALLOWED;
  }
}
