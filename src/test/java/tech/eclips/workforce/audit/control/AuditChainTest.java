package tech.eclips.workforce.audit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static final AuditEvent EVENT =
      new AuditEvent(
          "api_key",
          "k1",
          "eck_live_…abcd",
          "GET /v1/me",
          "api",
          "/v1/me",
          "allowed",
          null,
          "req_1",
          "127.0.0.1",
          null,
          1);

  @Test
  void aLinkDependsOnEveryFieldThePreviousHashAndTheSeq() {
    Instant at = Instant.parse("2026-11-28T12:00:00.123456Z");
    byte[] first = AuditChain.link(null, 1, at, EVENT);
    assertEquals(32, first.length);
    assertArrayEquals(first, AuditChain.link(null, 1, at, EVENT));
    assertFalse(Arrays.equals(first, AuditChain.link(new byte[32], 1, at, EVENT)));
    assertFalse(Arrays.equals(first, AuditChain.link(null, 2, at, EVENT)));
    assertFalse(Arrays.equals(first, AuditChain.link(null, 1, at.plusNanos(1000), EVENT)));
    assertFalse(Arrays.equals(first, AuditChain.link(null, 1, at, EVENT.times(2))));
    AuditEvent otherOutcome =
        new AuditEvent(
            "api_key",
            "k1",
            "eck_live_…abcd",
            "GET /v1/me",
            "api",
            "/v1/me",
            "denied",
            null,
            "req_1",
            "127.0.0.1",
            null,
            1);
    assertFalse(Arrays.equals(first, AuditChain.link(null, 1, at, otherOutcome)));
  }

  @Test
  void fieldsCannotBeShiftedIntoEachOther() {
    Instant at = Instant.EPOCH;
    AuditEvent a =
        new AuditEvent("x", "ab", "", "c", null, null, "allowed", null, null, null, null, 1);
    AuditEvent b =
        new AuditEvent("x", "a", "b", "c", null, null, "allowed", null, null, null, null, 1);
    assertFalse(Arrays.equals(AuditChain.link(null, 1, at, a), AuditChain.link(null, 1, at, b)));
  }
}
