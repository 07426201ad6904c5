package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Retention: for one org, in its own transaction, removes the entries (and events) older than its
 * plan keeps them, through the retention gate function (the app role cannot delete audit entries
 * itself), which leaves an anchor so the rest of the chain still verifies.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditPurge {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject PlatformDatabase platform;

  public long purge(OrgId org) {
    tenant.enter(org);
    // the database computes the cut-off from the org's plan (V10); nothing is passed in
    Object purged = em.createNativeQuery("SELECT eclips_gate.purge_audit_log()").getSingleResult();
    // the org's events share the audit log's retention (V27), purged in the same transaction
    em.createNativeQuery("SELECT eclips_gate.purge_events()").getSingleResult();
    return ((Number) purged).longValue();
  }

  /** Every org's id, through the one gate that lists them (ids only, as the platform role). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<OrgId> orgs() {
    return platform.query("SELECT org_id FROM eclips_gate.all_org_ids()").stream()
        .map(row -> new OrgId(UUID.fromString(row[0].toString())))
        .toList();
  }
}
