package tech.eclips.workforce.audit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuditActionTest {

  /** Each code names one act, as resource.verb, never the request audit's "METHOD /template". */
  @Test
  void codesAreDistinctResourceVerbs() {
    AuditAction[] all = AuditAction.values();
    assertEquals(all.length, Arrays.stream(all).map(AuditAction::code).distinct().count());
    for (AuditAction action : all) {
      assertTrue(action.code().matches("[a-z_]+\\.[a-z_]+"), action.code());
      assertEquals(action, AuditAction.fromCode(action.code()).orElseThrow());
    }
  }
}
