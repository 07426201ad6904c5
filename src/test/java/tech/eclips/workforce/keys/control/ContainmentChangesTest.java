package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.ApiProblem;

class ContainmentChangesTest {

  @Test
  void aKeysChangeSetsLiftsAndQuarantines() {
    KeyContainmentChange set = KeyContainmentChange.from("{\"allowed_ips\":[\"10.0.0.0/8\"]}");
    assertTrue(set.changesAllowList());
    assertEquals(List.of("10.0.0.0/8"), set.allowed().list());
    assertNull(set.quarantined());

    KeyContainmentChange lift = KeyContainmentChange.from("{\"allowed_ips\":null}");
    assertTrue(lift.changesAllowList());
    assertNull(lift.allowed());

    KeyContainmentChange pin =
        KeyContainmentChange.from("{\"quarantined\":true,\"pinned_ips\":[\"::1\"]}");
    assertFalse(pin.changesAllowList());
    assertEquals(Boolean.TRUE, pin.quarantined());
    assertEquals(List.of("0:0:0:0:0:0:0:1/128"), pin.pinned().list());

    for (String bad :
        List.of(
            "{}",
            "{\"allowed_ips\":[]}",
            "{\"allowed_ips\":[\"x\"]}",
            "{\"pinned_ips\":[\"10.0.0.1\"]}",
            "{\"quarantined\":false,\"pinned_ips\":[\"10.0.0.1\"]}",
            "{\"quarantined\":1}",
            "{\"other\":true}")) {
      assertThrows(ApiProblem.class, () -> KeyContainmentChange.from(bad), bad);
    }
  }

  @Test
  void anOrgsChangeFreezesThawsAndSetsTheLeakAction() {
    assertEquals(
        EnumSet.of(KeyMode.TEST, KeyMode.LIVE),
        OrgContainmentChange.from("{\"frozen_modes\":[\"test\",\"live\"]}").frozenModes());
    assertEquals(Set.of(), OrgContainmentChange.from("{\"frozen_modes\":[]}").frozenModes());
    OrgContainmentChange action = OrgContainmentChange.from("{\"leak_action\":\"revoke\"}");
    assertNull(action.frozenModes());
    assertEquals(LeakAction.REVOKE, action.leakAction());
    for (String bad :
        List.of(
            "{}", "{\"frozen_modes\":[\"prod\"]}", "{\"leak_action\":\"delete\"}", "{\"x\":1}")) {
      assertThrows(ApiProblem.class, () -> OrgContainmentChange.from(bad), bad);
    }
    assertEquals("test,live", KeyContainment.join(EnumSet.of(KeyMode.LIVE, KeyMode.TEST)));
    assertEquals("", KeyContainment.join(Set.of()));
  }

  @Test
  void aQuarantinedKeyKeepsItsReadScopesOnly() {
    assertEquals(
        EnumSet.of(Scope.RUNS_READ, Scope.AUDIT_READ),
        Scope.readOnly(EnumSet.of(Scope.RUNS_READ, Scope.RUNS_WRITE, Scope.AUDIT_READ)));
  }
}
