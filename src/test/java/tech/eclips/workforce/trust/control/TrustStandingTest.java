package tech.eclips.workforce.trust.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.trust.entity.TrustLevel;

class TrustStandingTest {

  /** Approvals by reviewers taking turns, so the default quorum is always met. */
  private static TrustStanding approve(TrustStanding standing, int times) {
    for (int i = 0; i < times; i++) {
      standing = standing.afterApproval("user:r" + (i % 3), ReviewQuorum.DEFAULT);
    }
    return standing;
  }

  private static TrustStanding approveBy(TrustStanding standing, String reviewer, int times) {
    for (int i = 0; i < times; i++) {
      standing = standing.afterApproval(reviewer, ReviewQuorum.DEFAULT);
    }
    return standing;
  }

  @Test
  void tenApprovalsPromoteToGuardedAndFiftyMoreToAutonomous() {
    TrustStanding nine = approve(TrustStanding.NEW, 9);
    assertEquals(
        new TrustStanding(
            TrustLevel.SUPERVISED, 9, false, List.of("user:r0", "user:r1", "user:r2")),
        nine);
    TrustStanding guarded = nine.afterApproval("user:r0", ReviewQuorum.DEFAULT);
    assertEquals(new TrustStanding(TrustLevel.GUARDED, 0, false), guarded);
    assertEquals(TrustLevel.GUARDED, approve(guarded, 49).level());
    assertEquals(new TrustStanding(TrustLevel.AUTONOMOUS, 0, false), approve(guarded, 50));
    assertEquals(TrustLevel.AUTONOMOUS, approve(guarded, 500).level());
  }

  @Test
  void aRejectionDemotesOneLevelAndResetsTheStreak() {
    TrustStanding autonomous = approve(TrustStanding.NEW, 60);
    assertEquals(
        new TrustStanding(TrustLevel.GUARDED, 0, false), approve(autonomous, 3).afterRejection());
    assertEquals(
        new TrustStanding(TrustLevel.SUPERVISED, 0, false),
        approve(TrustStanding.NEW, 12).afterRejection());
    assertEquals(
        new TrustStanding(TrustLevel.SUPERVISED, 0, false),
        approve(TrustStanding.NEW, 7).afterRejection());
  }

  @Test
  void theStreakMustBeConsecutive() {
    TrustStanding broken = approve(approve(TrustStanding.NEW, 9).afterRejection(), 9);
    assertEquals(TrustLevel.SUPERVISED, broken.level());
    assertEquals(9, broken.streak());
  }

  @Test
  void aPinnedStandingNeverMoves() {
    TrustStanding pinned = new TrustStanding(TrustLevel.GUARDED, 0, true);
    assertEquals(pinned, approve(pinned, 100));
    assertEquals(pinned, pinned.afterRejection());
  }

  @Test
  void oneReviewerAloneNeverPromotesHoweverLongTheStreak() {
    TrustStanding alone = approveBy(TrustStanding.NEW, "api_key:a", 60);
    assertEquals(TrustLevel.SUPERVISED, alone.level());
    assertEquals(60, alone.streak());
    assertEquals(List.of("api_key:a"), alone.reviewers());
    assertEquals(1, alone.reviewersToPromote(ReviewQuorum.DEFAULT));
  }

  @Test
  void theApprovalThatCompletesTheQuorumPromotes() {
    TrustStanding ten = approveBy(TrustStanding.NEW, "api_key:a", 10);
    assertEquals(TrustLevel.SUPERVISED, ten.level());
    TrustStanding guarded = ten.afterApproval("user:b", ReviewQuorum.DEFAULT);
    assertEquals(new TrustStanding(TrustLevel.GUARDED, 0, false), guarded);

    TrustStanding twoReviewers =
        approveBy(approveBy(guarded, "api_key:a", 25), "user:b", 25)
            .afterApproval("user:b", ReviewQuorum.DEFAULT);
    assertEquals(TrustLevel.GUARDED, twoReviewers.level(), "autonomous needs three");
    assertEquals(
        TrustLevel.AUTONOMOUS,
        twoReviewers.afterApproval("api_key:c", ReviewQuorum.DEFAULT).level());
  }

  @Test
  void theQuorumIsConfigurableAndBounded() {
    assertEquals(
        TrustLevel.GUARDED,
        approveByWith(TrustStanding.NEW, "api_key:a", 10, ReviewQuorum.ANY).level(),
        "a quorum of one: the contract's rule before issue 19");
    assertEquals(1, new ReviewQuorum(0, -5).toLeave(TrustLevel.GUARDED));
    assertEquals(
        TrustStanding.MAX_REVIEWERS, new ReviewQuorum(99, 99).toLeave(TrustLevel.SUPERVISED));
    assertEquals(0, ReviewQuorum.DEFAULT.toLeave(TrustLevel.AUTONOMOUS));
  }

  @Test
  void aRejectionOrAPromotionForgetsTheReviewers() {
    TrustStanding some = approveBy(TrustStanding.NEW, "api_key:a", 5);
    assertEquals(List.of(), some.afterRejection().reviewers());
    assertEquals(List.of(), approve(TrustStanding.NEW, 10).reviewers());
  }

  private static TrustStanding approveByWith(
      TrustStanding standing, String reviewer, int times, ReviewQuorum quorum) {
    for (int i = 0; i < times; i++) {
      standing = standing.afterApproval(reviewer, quorum);
    }
    return standing;
  }
}
