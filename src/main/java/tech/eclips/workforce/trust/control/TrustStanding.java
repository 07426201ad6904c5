package tech.eclips.workforce.trust.control;

import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * Where an org's trust in one agent type stands, and how a reviewer's decision moves it (CONTRACT
 * §8): 10 consecutive approvals promote supervised to guarded, 50 more promote to autonomous; a
 * rejection demotes one level and resets the streak. A pinned standing never moves.
 */
public record TrustStanding(TrustLevel level, int streak, boolean pinned) {

  static final int APPROVALS_TO_GUARDED = 10;
  static final int APPROVALS_TO_AUTONOMOUS = 50;

  public static final TrustStanding NEW = new TrustStanding(TrustLevel.SUPERVISED, 0, false);

  public TrustStanding afterApproval() {
    if (pinned) {
      return this;
    }
    int next = streak + 1;
    Integer needed = approvalsToPromote();
    return needed != null && next >= needed
        ? new TrustStanding(level.up(), 0, false)
        : new TrustStanding(level, next, false);
  }

  public TrustStanding afterRejection() {
    return pinned ? this : new TrustStanding(level.down(), 0, false);
  }

  /** Consecutive approvals this level needs before promotion; null at the top. */
  public Integer approvalsToPromote() {
    return switch (level) {
      case SUPERVISED -> APPROVALS_TO_GUARDED;
      case GUARDED -> APPROVALS_TO_AUTONOMOUS;
      case AUTONOMOUS -> null;
    };
  }
}
