package tech.eclips.workforce.triage.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.runs.entity.RunId;
import tech.eclips.workforce.runs.entity.RunStatus;
import tech.eclips.workforce.settings.control.OrgSettings;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.triage.entity.TriageItem;
import tech.eclips.workforce.triage.entity.TriageStatus;
import tech.eclips.workforce.trust.control.TrustProfiles;
import tech.eclips.workforce.trust.control.TrustProfiles.Move;

/**
 * The org's triage items in the caller's tenant-bound transaction. A mode of {@code null} means
 * both (console users); a key sees only its own mode's items, the other mode's being 404.
 */
@Dependent
public class TriageQueue {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject TrustProfiles trust;
  @Inject OrgSettings settings;

  /** What a resolution changed, for the audit entries the boundary writes. */
  public record Resolved(TriageItem item, Optional<Move> trustMove) {}

  /** Opens an item for a run whose result needs review; returns its id. */
  public UUID open(UUID runId, String agentType, boolean livemode, List<String> reasons) {
    UUID id = UUID.randomUUID();
    JsonArrayBuilder array = JsonSupport.array();
    reasons.forEach(array::add);
    em.createNativeQuery(
            "INSERT INTO triage_items (org_id, id, run_id, agent_type, status, reasons, livemode)"
                + " VALUES (?6, ?1, ?2, ?3, ?7, CAST(?4 AS jsonb), ?5)")
        .setParameter(1, id)
        .setParameter(2, runId)
        .setParameter(3, agentType)
        .setParameter(4, array.build().toString())
        .setParameter(5, livemode)
        .setParameter(6, boundOrg.id())
        .setParameter(7, TriageStatus.OPEN.code())
        .executeUpdate();
    return id;
  }

  public TriageItem find(String id, Boolean livemode) {
    return Ids.uuid(id)
        .map(uuid -> em.find(TriageItem.class, uuid))
        .filter(item -> livemode == null || item.livemode() == livemode)
        .orElseThrow(() -> Problems.notFound("triage item"));
  }

  /** Newest first, optionally of one status, after a cursor item (or from the newest). */
  public List<TriageItem> page(Boolean livemode, TriageStatus status, TriageItem cursor, int max) {
    StringBuilder jpql = new StringBuilder("SELECT t FROM TriageItem t WHERE 1 = 1");
    if (livemode != null) {
      jpql.append(" AND t.livemode = :live");
    }
    if (status != null) {
      jpql.append(" AND t.status = :status");
    }
    if (cursor != null) {
      jpql.append(" AND (t.createdAt < :at OR (t.createdAt = :at AND t.id < :id))");
    }
    TypedQuery<TriageItem> query =
        em.createQuery(
            jpql.append(" ORDER BY t.createdAt DESC, t.id DESC").toString(), TriageItem.class);
    if (livemode != null) {
      query.setParameter("live", livemode);
    }
    if (status != null) {
      query.setParameter("status", status);
    }
    if (cursor != null) {
      query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.id());
    }
    return query.setMaxResults(max).getResultList();
  }

  /** The item a page starts after: one of the caller's, in the caller's mode, else 400. */
  public TriageItem cursor(String startingAfter, Boolean livemode) {
    if (startingAfter == null) {
      return null;
    }
    return Ids.uuid(startingAfter)
        .map(uuid -> em.find(TriageItem.class, uuid))
        .filter(item -> livemode == null || item.livemode() == livemode)
        .orElseThrow(
            () -> Problems.invalidRequest("starting_after", "is not a triage item of yours"));
  }

  /**
   * Resolves an open item, its run and (for live items) the trust profile in the caller's
   * transaction, if {@link ReviewRules} let this reviewer decide (else 403). The conditional update
   * takes the item's row lock: of concurrent resolutions the first wins and the others find it
   * resolved (409).
   */
  public Resolved resolve(String id, Boolean livemode, Resolution resolution, Reviewer reviewer) {
    TriageItem item = find(id, livemode);
    allowed(item, reviewer);
    String resolvedBy = reviewer.id();
    int updated =
        em.createNativeQuery(
                "UPDATE triage_items SET status = ?1, note = ?2, resolved_by = ?3, resolved_at = now()"
                    + " WHERE org_id = ?5 AND id = ?4 AND status = ?6")
            .setParameter(1, resolution.decision().itemStatus().code())
            .setParameter(2, resolution.note())
            .setParameter(3, resolvedBy)
            .setParameter(4, item.id())
            .setParameter(5, boundOrg.id())
            .setParameter(6, TriageStatus.OPEN.code())
            .executeUpdate();
    if (updated == 0) {
      throw Problems.triageItemResolved(currentStatus(item.id()));
    }
    em.createNativeQuery(
            "UPDATE agent_runs SET status = ?1 WHERE org_id = ?3 AND id = ?2" + " AND status = ?4")
        .setParameter(1, resolution.decision().runStatus().code())
        .setParameter(2, item.runId().value())
        .setParameter(3, boundOrg.id())
        .setParameter(4, RunStatus.AWAITING_REVIEW.code())
        .executeUpdate();
    // Only live decisions move trust (a test key must not be able to promote the live agent), and
    // only by someone other than the submitter, which allowed() has made sure of.
    Optional<Move> move =
        item.livemode()
            ? Optional.of(
                trust.decide(
                    item.agentType(),
                    true,
                    resolution.decision() == TriageDecision.APPROVE,
                    reviewer.id()))
            : Optional.empty();
    em.refresh(item);
    return new Resolved(item, move);
  }

  private void allowed(TriageItem item, Reviewer reviewer) {
    Object[] run =
        (Object[])
            em.createNativeQuery(SUBMISSION)
                .setParameter(1, item.runId().value())
                .setParameter(2, reviewer.keyId() == null ? null : reviewer.keyId().toString())
                .setParameter(3, boundOrg.id())
                .getSingleResult();
    BigDecimal total = run[0] == null ? null : new BigDecimal(run[0].toString());
    Optional<BigDecimal> threshold = settings.reviewAdminThreshold();
    switch (ReviewRules.verdict(reviewer, Boolean.TRUE.equals(run[1]), total, threshold)) {
      case SELF_REVIEW -> throw Problems.selfReviewForbidden();
      case ADMIN_REQUIRED -> throw Problems.reviewerNotAuthorized(threshold.orElseThrow());
      case ALLOWED -> {}
    }
  }

  /**
   * A run's total (invoices) and whether key ?2 submitted run ?1 of org ?3: the same key, or one of
   * its rotation lineage (a rotated key is the same credential, held by the same integration). The
   * lineage is walked up {@code rotated_from} from both keys; they are the same submitter when the
   * walks meet.
   */
  private static final String SUBMISSION =
      "WITH RECURSIVE up(start, id) AS ("
          + " SELECT k.id, k.id FROM api_keys k WHERE k.org_id = ?3"
          + " AND k.id IN (CAST(?2 AS uuid), (SELECT api_key_id FROM agent_runs"
          + " WHERE org_id = ?3 AND id = ?1))"
          + " UNION SELECT up.start, k.rotated_from FROM up JOIN api_keys k"
          + " ON k.org_id = ?3 AND k.id = up.id WHERE k.rotated_from IS NOT NULL)"
          + " SELECT CASE WHEN jsonb_typeof(r.output -> 'total') = 'number'"
          + " THEN r.output ->> 'total' END,"
          + " EXISTS (SELECT 1 FROM up a JOIN up b ON a.id = b.id"
          + " WHERE a.start = CAST(?2 AS uuid) AND b.start = r.api_key_id)"
          + " FROM agent_runs r WHERE r.org_id = ?3 AND r.id = ?1";

  private String currentStatus(UUID id) {
    return (String)
        em.createNativeQuery("SELECT status FROM triage_items WHERE org_id = ?2 AND id = ?1")
            .setParameter(1, id)
            .setParameter(2, boundOrg.id())
            .getSingleResult();
  }

  /** The run's output, for a reviewer to judge. */
  public String runOutput(RunId runId) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "SELECT CAST(output AS text) FROM agent_runs WHERE org_id = ?2 AND id = ?1")
            .setParameter(1, runId.value())
            .setParameter(2, boundOrg.id())
            .getResultList();
    return rows.isEmpty() ? null : (String) rows.get(0);
  }
}
