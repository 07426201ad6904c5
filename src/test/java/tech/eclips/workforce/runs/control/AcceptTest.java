package tech.eclips.workforce.runs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** The accept as the database takes it, and the answers its reasons map to. */
class AcceptTest {

  private final OrgId org = OrgId.random();
  private final UUID run = UUID.randomUUID();

  private Accept accept(Accept.Claim claim) {
    String input = JsonSupport.object().add("text", "a \"quoted\" \\ value").build().toString();
    AuditEvent created =
        new AuditEvent(
            ActorType.API_KEY,
            "k",
            null,
            "agent_run.created",
            "agent_run",
            run.toString(),
            AuditOutcome.ALLOWED,
            null,
            "req_1",
            null,
            null,
            1);
    return new Accept(
        org,
        "proof",
        10,
        false,
        new Accept.Run(
            run,
            "document_classifier",
            true,
            input,
            null,
            null,
            Instant.parse("2026-12-01T00:00:00Z")),
        claim,
        created);
  }

  private static JsonObject parsed(String json) {
    try (var reader = JsonSupport.reader(json)) {
      return reader.readObject();
    }
  }

  @Test
  void aBatchIsAnArrayOfItsAcceptsInOrder() {
    Accept first = accept(null);
    Accept second = accept(Accept.Claim.of(IdempotencyScope.forMode(true), "k\u0001", "{}", "{}"));
    JsonArray batch;
    try (var reader = JsonSupport.reader(Accept.json(List.of(first, second)))) {
      batch = reader.readArray();
    }
    assertEquals(2, batch.size());
    assertEquals(
        parsed(first.json()).getJsonObject("run"), batch.getJsonObject(0).getJsonObject("run"));
    assertEquals("k\u0001", batch.getJsonObject(1).getJsonObject("idempotency").getString("key"));
  }

  @Test
  void theArgumentCarriesTheOrgItsProofTheRunItsClaimAndItsAuditEntry() {
    String body = "{\"agent_type\":\"document_classifier\"}";
    Accept.Claim claim = Accept.Claim.of(IdempotencyScope.forMode(true), "key-1", body, "{}");
    JsonObject json = parsed(accept(claim).json());
    assertEquals(org.toString(), json.getString("org"));
    assertEquals("proof", json.getString("proof"));
    assertEquals(10, json.getInt("price"));
    assertFalse(json.getBoolean("breaker_admitted"));
    JsonObject stored = json.getJsonObject("run");
    assertEquals(run.toString(), stored.getString("id"));
    assertEquals("a \"quoted\" \\ value", stored.getJsonObject("input").getString("text"));
    assertEquals("2026-12-01T00:00:00Z", stored.getString("created_at"));
    assertFalse(stored.containsKey("document_id"), "none: the database reads null");
    assertEquals(
        HexFormat.of().formatHex(Idempotency.fingerprint("POST", "/v1/agents/runs", body)),
        json.getJsonObject("idempotency").getString("request_hash"));
    JsonObject audit = json.getJsonArray("audit").getJsonObject(0);
    assertEquals(org.toString(), audit.getString("org"));
    assertEquals(
        "agent_run.created", audit.getJsonArray("rows").getJsonObject(0).getString("action"));
    assertTrue(audit.getJsonArray("rows").getJsonObject(0).isNull("actor_hint"));
  }

  @Test
  void withoutAKeyThereIsNoClaimAndAnAdmittedTrialSaysSo() {
    assertEquals(null, Accept.Claim.of(IdempotencyScope.forMode(true), null, "{}", "{}"));
    JsonObject json = parsed(accept(null).admittedByBreaker().json());
    assertFalse(json.containsKey("idempotency"));
    assertTrue(json.getBoolean("breaker_admitted"));
  }

  @Test
  void eachReasonHasOneAnswer() {
    AcceptOutcome refused = new AcceptOutcome(run, null, null, null, new CreditLevel(5, 95, 100L));
    assertEquals(
        List.of(
            "accepted",
            "replay",
            "idempotency_conflict 409",
            "insufficient_credits 402",
            "budget_exceeded 402",
            "breaker_not_closed"),
        java.util.Arrays.stream(AcceptReason.values())
            .map(
                reason ->
                    (reason.name().toLowerCase()
                            + reason
                                .refusal(refused, 10)
                                .map(ApiProblem::status)
                                .map(status -> " " + status)
                                .orElse(""))
                        .trim())
            .toList());
    for (AcceptReason reason : AcceptReason.values()) {
      assertEquals(reason, AcceptReason.of(reason.name().toLowerCase()));
    }
    assertEquals(
        "budget_exceeded", AcceptReason.BUDGET_EXCEEDED.refusal(refused, 10).orElseThrow().code());
    assertTrue(AcceptReason.REPLAY.needsRequestTransaction());
    assertTrue(AcceptReason.BREAKER_NOT_CLOSED.needsRequestTransaction());
    assertFalse(AcceptReason.INSUFFICIENT_CREDITS.needsRequestTransaction());
  }
}
