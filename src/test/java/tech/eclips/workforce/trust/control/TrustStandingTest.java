package tech.eclips.workforce.trust.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.eclips.workforce.trust.entity.TrustLevel;

class TrustStandingTest {

  private static TrustStanding approve(TrustStanding standing, int times) {
    for (int i = 0; i < times; i++) {
      standing = standing.afterApproval();
    }
    return standing;
  }

  @Test
  void tenApprovalsPromoteToGuardedAndFiftyMoreToAutonomous() {
    TrustStanding nine = approve(TrustStanding.NEW, 9);
    assertEquals(new TrustStanding(TrustLevel.SUPERVISED, 9, false), nine);
    TrustStanding guarded = nine.afterApproval();
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
    assertEquals(new TrustStanding(TrustLevel.SUPERVISED, 9, false), broken);
  }

  @Test
  void aPinnedStandingNeverMoves() {
    TrustStanding pinned = new TrustStanding(TrustLevel.GUARDED, 0, true);
    assertEquals(pinned, approve(pinned, 100));
    assertEquals(pinned, pinned.afterRejection());
  }
}
