package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.control.SeenKeyChanges.Change;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * A change stays in the feed's window for ten polls; it evicts its org at the first of them only. A
 * change the node has not seen evicts, however old it is (a slow commit shows up late).
 */
class SeenKeyChangesTest {

  private final SeenKeyChanges seen = new SeenKeyChanges();
  private final OrgId org = new OrgId(UUID.randomUUID());
  private final Change first = new Change(org, UUID.randomUUID());

  @Test
  void aChangeEvictsItsOrgOnceWhileItStaysInTheWindow() {
    assertEquals(Set.of(org), seen.after(List.of(first)).orgs());
    for (int poll = 0; poll < 9; poll++) {
      assertEquals(Set.of(), seen.after(List.of(first)).orgs(), "poll " + poll);
    }
  }

  @Test
  void aNewChangeOfTheSameOrgEvictsAgain() {
    seen.after(List.of(first));
    Change second = new Change(org, UUID.randomUUID());
    assertEquals(Set.of(org), seen.after(List.of(second, first)).orgs());
  }

  @Test
  void aSlowCommitThatShowsUpBehindANewerChangeStillEvicts() {
    OrgId other = new OrgId(UUID.randomUUID());
    Change newer = new Change(other, UUID.randomUUID());
    seen.after(List.of(newer));
    Change late = new Change(org, UUID.randomUUID()); // older changed_at, committed later
    assertEquals(Set.of(org), seen.after(List.of(newer, late)).orgs());
  }

  @Test
  void rowsCutAtTheGatesLimitEvictEverything() {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < SeenKeyChanges.GATE_LIMIT; i++) {
      changes.add(new Change(org, UUID.randomUUID()));
    }
    assertTrue(seen.after(changes).everything());
    assertFalse(seen.after(changes.subList(0, 10)).everything());
  }
}
