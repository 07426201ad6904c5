package tech.eclips.workforce.runs.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HexFormat;
import java.util.List;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.tenancy.control.TenantProofs;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The common accept in one round trip ({@code eclips_accept_run}, V12), inside the caller's
 * tenant-bound transaction (or a batch's, {@link AcceptCoalescer}): the idempotency claim with its
 * response, the debit and its ledger row, the run and its audit entry. False when the case needs
 * the application's judgement (an open or half-open breaker, a live Idempotency-Key, no period yet,
 * too few credits, the budget): then the database has changed nothing and the caller takes its own
 * path, which answers every such case.
 */
@Dependent
public class OneTripAccept {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantProofs proofs;

  /** The stored response and what it is matched on, when the request carries an Idempotency-Key. */
  public record Claim(IdempotencyScope scope, String key, String body, String responseBody) {}

  /** True if accepted in the caller's transaction; the argument is {@link #argument}'s. */
  public boolean tryAccept(String argument) {
    Object accepted =
        em.createNativeQuery("SELECT eclips_accept_run(CAST(?1 AS jsonb))")
            .setParameter(1, argument)
            .getSingleResult();
    return Boolean.TRUE.equals(accepted);
  }

  /**
   * What {@code eclips_accept_run} takes, with the org it is for ({@code eclips_accept_runs} binds
   * each element to it).
   */
  public String argument(OrgId org, AgentRun run, Claim claim, AuditEvent created) {
    StringBuilder json = new StringBuilder(512 + run.input().length());
    json.append('{');
    JsonText.field(json, "org", org.toString()).append(',');
    JsonText.field(json, "proof", proofs.of(org)).append(',');
    JsonText.field(json, "price", run.creditsCharged()).append(',');
    json.append("\"run\":{");
    JsonText.field(json, "id", run.id().toString()).append(',');
    JsonText.field(json, "agent_type", run.agentType()).append(',');
    json.append("\"livemode\":").append(run.livemode()).append(",\"input\":");
    // the input as the request parser wrote it: valid JSON, so it is embedded as it is
    json.append(run.input()).append(',');
    JsonText.field(
            json, "document_id", run.documentId() == null ? null : run.documentId().toString())
        .append(',');
    JsonText.field(json, "api_key_id", run.apiKeyId() == null ? null : run.apiKeyId().toString())
        .append(',');
    JsonText.field(json, "created_at", run.createdAt().toInstant().toString()).append("},");
    json.append("\"idempotency\":");
    if (claim == null) {
      json.append("null");
    } else {
      json.append('{');
      JsonText.field(json, "scope", claim.scope().code()).append(',');
      JsonText.field(json, "key", claim.key()).append(',');
      JsonText.field(
              json,
              "request_hash",
              HexFormat.of()
                  .formatHex(Idempotency.fingerprint("POST", "/v1/agents/runs", claim.body())))
          .append(',');
      JsonText.field(json, "response_body", claim.responseBody()).append('}');
    }
    return json.append(",\"audit\":")
        .append(AuditWriter.batchOf(org, List.of(created)))
        .append('}')
        .toString();
  }
}
