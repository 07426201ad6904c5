package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Retention: for one org, in its own transaction, removes the entries older than its plan keeps
 * them, through the retention gate function (the app role cannot delete audit entries itself),
 * which leaves an anchor so the rest of the chain still verifies.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditPurge {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject AuditLog log;

  public long purge(OrgId org) {
    tenant.enter(org);
    Organization organization = em.find(Organization.class, org.value());
    if (organization == null) {
      return 0;
    }
    Object purged =
        em.createNativeQuery("SELECT eclips_gate.purge_audit_log(?1)")
            .setParameter(1, Timestamp.from(log.retentionCutoff(organization.plan())))
            .getSingleResult();
    return ((Number) purged).longValue();
  }

  /** Every org's id, through the one gate that lists them (ids only). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<OrgId> orgs() {
    @SuppressWarnings("unchecked")
    List<Object> ids =
        em.createNativeQuery("SELECT org_id FROM eclips_gate.all_org_ids()").getResultList();
    return ids.stream().map(id -> new OrgId(UUID.fromString(id.toString()))).toList();
  }
}
