package tech.eclips.workforce.trust.control;

import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * How many distinct reviewers an approval streak must include before it promotes (issue 19): ten
 * approvals by one colleague are one opinion, not ten. Each figure is at least 1 and at most {@link
 * TrustStanding#MAX_REVIEWERS}, which is all a profile's row keeps.
 */
public record ReviewQuorum(int toGuarded, int toAutonomous) {

  /** The defaults: 2 distinct reviewers to reach guarded, 3 to reach autonomous. */
  public static final ReviewQuorum DEFAULT = new ReviewQuorum(2, 3);

  /** Any one reviewer suffices (the contract's rule before issue 19). */
  public static final ReviewQuorum ANY = new ReviewQuorum(1, 1);

  public ReviewQuorum {
    toGuarded = clamp(toGuarded);
    toAutonomous = clamp(toAutonomous);
  }

  /** Distinct reviewers a streak at this level needs to promote; 0 at the top. */
  public int toLeave(TrustLevel level) {
    return switch (level) {
      case SUPERVISED -> toGuarded;
      case GUARDED -> toAutonomous;
      case AUTONOMOUS -> 0;
    };
  }

  private static int clamp(int reviewers) {
    return Math.max(1, Math.min(TrustStanding.MAX_REVIEWERS, reviewers));
  }
}
