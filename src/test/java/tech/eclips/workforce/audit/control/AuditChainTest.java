package tech.eclips.workforce.audit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;

class AuditChainTest {

  private static final AuditEvent EVENT =
      new AuditEvent(
          ActorType.API_KEY,
          "k1",
          "eck_live_…abcd",
          "GET /v1/me",
          "api",
          "/v1/me",
          AuditOutcome.ALLOWED,
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
            ActorType.API_KEY,
            "k1",
            "eck_live_…abcd",
            "GET /v1/me",
            "api",
            "/v1/me",
            AuditOutcome.DENIED,
            null,
            "req_1",
            "127.0.0.1",
            null,
            1);
    assertFalse(Arrays.equals(first, AuditChain.link(null, 1, at, otherOutcome)));
  }

  /** The enums hash as their codes: the text of every entry written before they existed. */
  @Test
  void actorTypeAndOutcomeAreHashedAsTheirCodes() {
    Instant at = Instant.parse("2026-11-28T12:00:00.123456Z");
    assertEquals(
        String.join(
            AuditChain.SEPARATOR,
            "",
            "2026-11-28T12:00:00.123456Z",
            "api_key",
            "k1",
            "eck_live_…abcd",
            "GET /v1/me",
            "api",
            "/v1/me",
            "allowed",
            "",
            "req_1",
            "127.0.0.1",
            "",
            "1"),
        AuditChain.payload(at, EVENT));
  }

  @Test
  void fieldsCannotBeShiftedIntoEachOther() {
    Instant at = Instant.EPOCH;
    AuditEvent a =
        new AuditEvent(
            ActorType.SYSTEM,
            "ab",
            "",
            "c",
            null,
            null,
            AuditOutcome.ALLOWED,
            null,
            null,
            null,
            null,
            1);
    AuditEvent b =
        new AuditEvent(
            ActorType.SYSTEM,
            "a",
            "b",
            "c",
            null,
            null,
            AuditOutcome.ALLOWED,
            null,
            null,
            null,
            null,
            1);
    assertFalse(Arrays.equals(AuditChain.link(null, 1, at, a), AuditChain.link(null, 1, at, b)));
  }
}
