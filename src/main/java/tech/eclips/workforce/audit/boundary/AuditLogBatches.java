package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.ChainWalk.Anchor;
import tech.eclips.workforce.audit.control.Checkpoint;
import tech.eclips.workforce.audit.control.Checkpoints;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Reads one bounded batch of an org's audit log per call, each in a short transaction of its own
 * bound to that org. Exports stream after their resource method has returned (outside its
 * transaction), and a long chain must not be verified in one transaction that could outlive its
 * timeout. The org is always the console token's, taken by the resource before the walk starts;
 * binding it here by hand is why this bean is never an endpoint.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditLogBatches {

  @Inject TenantContext tenant;
  @Inject AuditLog log;
  @Inject Checkpoints checkpoints;

  public OffsetDateTime retainedSince(OrgId org) {
    tenant.enter(org);
    return log.retainedSince();
  }

  public List<AuditEntry> oldestFirst(
      OrgId org, AuditFilter filter, OffsetDateTime retained, long afterSeq) {
    tenant.enter(org);
    return log.oldestFirst(filter, retained, afterSeq);
  }

  public Optional<Anchor> anchor(OrgId org) {
    tenant.enter(org);
    return log.anchor();
  }

  public List<AuditEntry> chainFrom(OrgId org, long seq, int max) {
    tenant.enter(org);
    return log.chainFrom(seq, max);
  }

  public Optional<byte[]> hashAt(OrgId org, long seq) {
    tenant.enter(org);
    return log.hashAt(seq);
  }

  public List<Checkpoint> checkpointsAfter(OrgId org, long seq) {
    tenant.enter(org);
    return checkpoints.after(seq);
  }
}
