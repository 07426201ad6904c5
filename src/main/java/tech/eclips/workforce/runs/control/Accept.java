package tech.eclips.workforce.runs.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.audit.control.AuditBatch;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * One accept as {@code eclips_accept_runs} (V23) takes it: the run, its price, the idempotency
 * claim with the response it will replay (none without an Idempotency-Key), the audit entry, and
 * the org with its proof, which the database binds the accept to. {@code breakerAdmitted}: the
 * breakers' rule let the run through a breaker that is not closed (it is the trial).
 */
public record Accept(
    OrgId org,
    String proof,
    long price,
    boolean breakerAdmitted,
    Run run,
    Claim idempotency,
    AuditEvent created) {

  /** The run as it is stored. */
  public record Run(
      UUID id,
      String agentType,
      boolean livemode,
      JsonObject input,
      UUID documentId,
      UUID apiKeyId,
      Instant createdAt) {}

  /** The stored response and what a repeated request is matched on (its fingerprint). */
  public record Claim(IdempotencyScope scope, String key, byte[] requestHash, String responseBody) {

    /** The claim of a {@code POST /v1/agents/runs} with this key and body; none without a key. */
    public static Claim of(IdempotencyScope scope, String key, String body, String responseBody) {
      return key == null
          ? null
          : new Claim(
              scope, key, Idempotency.fingerprint("POST", "/v1/agents/runs", body), responseBody);
    }
  }

  Accept admittedByBreaker() {
    return new Accept(org, proof, price, true, run, idempotency, created);
  }

  static String json(List<Accept> accepts) {
    JsonArrayBuilder array = JsonSupport.array();
    accepts.forEach(accept -> array.add(accept.json()));
    return array.build().toString();
  }

  JsonObject json() {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("org", org.toString())
            .add("proof", proof)
            .add("price", price)
            .add("breaker_admitted", breakerAdmitted)
            .add("run", run(run));
    if (idempotency != null) {
      json.add(
          "idempotency",
          JsonSupport.object()
              .add("scope", idempotency.scope().code())
              .add("key", idempotency.key())
              .add("request_hash", HexFormat.of().formatHex(idempotency.requestHash()))
              .add("response_body", idempotency.responseBody()));
    }
    JsonArray audit = AuditBatch.of(org, List.of(created));
    return json.add("audit", audit).build();
  }

  private static JsonObjectBuilder run(Run run) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", run.id().toString())
            .add("agent_type", run.agentType())
            .add("livemode", run.livemode())
            .add("input", run.input())
            .add("created_at", run.createdAt().toString());
    if (run.documentId() != null) {
      json.add("document_id", run.documentId().toString());
    }
    if (run.apiKeyId() != null) {
      json.add("api_key_id", run.apiKeyId().toString());
    }
    return json;
  }
}
