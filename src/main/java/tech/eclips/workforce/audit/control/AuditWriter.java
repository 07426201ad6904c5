package tech.eclips.workforce.audit.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tech.eclips.workforce.tenancy.control.TenantProofs;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Appends entries to orgs' chains inside the caller's transaction (MANDATORY): an entry commits
 * with the change it records, or not at all. One round trip per call, whatever the number of
 * entries and orgs: {@code eclips_append_audit} takes each org's chain lock (so concurrent writers
 * cannot fork a chain), reads its tail, stamps the time and links the rows. The time is the
 * database's, never ours (V18): an entry cannot be backdated or dated ahead to steer retention.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditWriter {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantProofs proofs;
  @Inject CheckpointsDue checkpointsDue;

  /**
   * Entries for the org the transaction is bound to. The database refuses them for any other org,
   * and with no tenant bound (V10).
   */
  public void append(OrgId org, List<AuditEvent> events) {
    em.createNativeQuery("SELECT eclips_append_audit(CAST(?1 AS jsonb))")
        .setParameter(1, batch(Map.of(org, events), null))
        .getSingleResult();
    checkpointsDue.appended(org);
  }

  /**
   * Entries of several orgs at once: the group commit. The database binds the transaction to each
   * org in turn (with the org's proof, V22) before appending its entries, and leaves it bound to
   * the last one.
   */
  public void append(Map<OrgId, List<AuditEvent>> byOrg) {
    em.createNativeQuery("SELECT eclips_append_audit_per_org(CAST(?1 AS jsonb))")
        .setParameter(1, batch(byOrg, proofs::of))
        .getSingleResult();
    byOrg.keySet().forEach(checkpointsDue::appended);
  }

  private static String batch(Map<OrgId, List<AuditEvent>> byOrg, Function<OrgId, String> proofOf) {
    StringBuilder batch = new StringBuilder(256 * byOrg.size()).append('[');
    byOrg.forEach(
        (org, events) ->
            AuditBatch.org(
                batch.append(batch.length() > 1 ? "," : ""),
                org,
                proofOf == null ? null : proofOf.apply(org),
                events));
    return batch.append(']').toString();
  }
}
