package tech.eclips.workforce.runs.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.CheckpointsDue;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.sql.SqlValues;
import tech.eclips.workforce.tenancy.control.TenantProofs;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The accept's decision (ring steps 6 to 8 for {@code POST /v1/agents/runs}), in one place: the
 * database applies the idempotency claim, the breaker's closed check, the debit, the run and its
 * audit entry in one call ({@code eclips_accept_runs}, V23) and answers a reason per accept ({@link
 * AcceptReason}); this class turns a reason into the answer. The same call serves a batch of
 * accepts (a group commit's transaction) and a request's own transaction; only the latter applies
 * the breakers' rule to a breaker that is not closed and answers a replay.
 */
@Dependent
public class Acceptance {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantProofs proofs;
  @Inject CircuitBreakers breakers;
  @Inject RequestContext request;
  @Inject CheckpointsDue checkpointsDue;

  /** The accept of {@code run}, with its claim (null: no Idempotency-Key). */
  public Accept prepare(OrgId org, AgentRun run, Accept.Claim claim, AuditEvent created) {
    Accept.Run row =
        new Accept.Run(
            run.id(),
            run.agentType(),
            run.livemode(),
            run.input(),
            run.documentId(),
            run.apiKeyId(),
            run.createdAt().toInstant());
    return new Accept(org, proofs.of(org), run.creditsCharged(), false, row, claim, created);
  }

  /** Each accept's outcome, by run, in the caller's transaction (which it binds to each org). */
  public Map<UUID, AcceptOutcome> decide(List<Accept> accepts) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT run_id, reason, resource_id, response_body, balance, used, budget"
                    + " FROM eclips_accept_runs(CAST(?1 AS jsonb))")
            .setParameter(1, Accept.json(accepts))
            .getResultList();
    // the accept appends its own audit entries (V23): their chains are due a checkpoint
    accepts.forEach(accept -> checkpointsDue.appended(accept.org()));
    Map<UUID, AcceptOutcome> outcomes = new HashMap<>();
    for (Object[] r : rows) {
      UUID run = SqlValues.uuid(r[0]);
      outcomes.put(
          run,
          new AcceptOutcome(
              run,
              AcceptReason.of((String) r[1]),
              SqlValues.uuid(r[2]),
              (String) r[3],
              CreditLevel.of(r[4], r[5], r[6])));
    }
    return outcomes;
  }

  /**
   * The accept in the request's own transaction, bound to its org: accepted or a replay; every
   * refusal is thrown as its problem (and the transaction rolls back). A breaker that is not closed
   * meets the breakers' rule: 503 {@code circuit_open}, or this run is the trial and the database
   * decides the rest. The request reports the org's credits as each call answered them, refused or
   * not.
   */
  public AcceptOutcome decideHere(Accept accept) {
    AcceptOutcome outcome = decide(List.of(accept)).get(accept.run().id());
    request.credits(outcome.credits());
    if (outcome.reason() == AcceptReason.BREAKER_NOT_CLOSED) {
      breakers.admit(accept.run().agentType(), accept.run().livemode(), accept.run().id());
      outcome = decide(List.of(accept.admittedByBreaker())).get(accept.run().id());
      request.credits(outcome.credits());
    }
    return outcome.orThrow(accept.price());
  }
}
