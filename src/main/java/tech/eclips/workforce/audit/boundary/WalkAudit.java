package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The audit entry of a verify call, which holds no transaction across its walk ({@link
 * AuditLogBatches}): written in a short transaction of its own bound to the token's org, before the
 * walk starts, so the walk checks it too and the answer is only sent once it is committed. Never an
 * endpoint: the org is bound here by hand.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WalkAudit {

  @Inject TenantContext tenant;
  @Inject AuditTrail audit;

  public void record(OrgId org, AuditEvent event) {
    tenant.enter(org);
    audit.record(org, event);
  }
}
