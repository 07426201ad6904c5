package tech.eclips.workforce.runs.control;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.audit.control.AuditBatch;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.JsonText;
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

  /** The run as it is stored; its input is JSON text (the request's parse wrote it). */
  public record Run(
      UUID id,
      String agentType,
      boolean livemode,
      String input,
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

  /**
   * The argument of {@code eclips_accept_runs}, written as text straight away: the input is spliced
   * in as the request's parse wrote it, never parsed or serialised again.
   */
  static String json(List<Accept> accepts) {
    StringBuilder json = new StringBuilder(512 * accepts.size()).append('[');
    for (int i = 0; i < accepts.size(); i++) {
      accepts.get(i).json(json.append(i == 0 ? "" : ","));
    }
    return json.append(']').toString();
  }

  String json() {
    return json(new StringBuilder(512)).toString();
  }

  private StringBuilder json(StringBuilder json) {
    json.append('{');
    JsonText.field(json, "org", org.toString()).append(',');
    JsonText.field(json, "proof", proof).append(',');
    JsonText.field(json, "price", price).append(',');
    JsonText.field(json, "breaker_admitted", breakerAdmitted).append(",\"run\":");
    run(json, run).append(',');
    if (idempotency != null) {
      json.append("\"idempotency\":{");
      JsonText.field(json, "scope", idempotency.scope().code()).append(',');
      JsonText.field(json, "key", idempotency.key()).append(',');
      JsonText.field(json, "request_hash", HexFormat.of().formatHex(idempotency.requestHash()))
          .append(',');
      JsonText.field(json, "response_body", idempotency.responseBody()).append("},");
    }
    json.append("\"audit\":");
    return AuditBatch.of(json, org, List.of(created)).append('}');
  }

  private static StringBuilder run(StringBuilder json, Run run) {
    json.append('{');
    JsonText.field(json, "id", run.id().toString()).append(',');
    JsonText.field(json, "agent_type", run.agentType()).append(',');
    JsonText.field(json, "livemode", run.livemode()).append(',');
    JsonText.raw(json, "input", run.input()).append(',');
    if (run.documentId() != null) {
      JsonText.field(json, "document_id", run.documentId().toString()).append(',');
    }
    if (run.apiKeyId() != null) {
      JsonText.field(json, "api_key_id", run.apiKeyId().toString()).append(',');
    }
    return JsonText.field(json, "created_at", run.createdAt().toString()).append('}');
  }
}
