package tech.eclips.workforce.trust.control;

import java.util.ArrayList;
import java.util.List;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * Where an org's trust in one agent type stands, and how a reviewer's decision moves it (CONTRACT
 * §8, §11): 10 consecutive approvals promote supervised to guarded, 50 more promote to autonomous,
 * and the streak must include as many distinct reviewers as the {@link ReviewQuorum} asks; until it
 * does, the streak goes on counting and promotes on the approval that completes the quorum. A
 * rejection demotes one level and resets the streak and its reviewers. A pinned standing never
 * moves. {@code reviewers} are the distinct reviewers of the current streak, at most {@link
 * #MAX_REVIEWERS}.
 */
public record TrustStanding(TrustLevel level, int streak, boolean pinned, List<String> reviewers) {

  static final int APPROVALS_TO_GUARDED = 10;
  static final int APPROVALS_TO_AUTONOMOUS = 50;

  /** As many reviewers as a quorum can ask for; the database checks the same bound. */
  public static final int MAX_REVIEWERS = 16;

  public static final TrustStanding NEW = new TrustStanding(TrustLevel.SUPERVISED, 0, false);

  public TrustStanding {
    reviewers = List.copyOf(reviewers);
  }

  public TrustStanding(TrustLevel level, int streak, boolean pinned) {
    this(level, streak, pinned, List.of());
  }

  /** An approval by {@code reviewer} (never the run's submitter: the triage queue refuses that). */
  public TrustStanding afterApproval(String reviewer, ReviewQuorum quorum) {
    if (pinned) {
      return this;
    }
    int next = streak + 1;
    List<String> seen = new ArrayList<>(reviewers);
    if (!seen.contains(reviewer) && seen.size() < MAX_REVIEWERS) {
      seen.add(reviewer);
    }
    Integer needed = approvalsToPromote();
    return needed != null && next >= needed && seen.size() >= quorum.toLeave(level)
        ? new TrustStanding(level.up(), 0, false)
        : new TrustStanding(level, next, false, seen);
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

  /** Distinct reviewers the streak still lacks for promotion; null at the top or when pinned. */
  public Integer reviewersToPromote(ReviewQuorum quorum) {
    return pinned || level == TrustLevel.AUTONOMOUS
        ? null
        : Math.max(0, quorum.toLeave(level) - reviewers.size());
  }
}
