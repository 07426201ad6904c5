package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import tech.eclips.workforce.audit.control.Checkpoint;
import tech.eclips.workforce.audit.control.Checkpoints;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * One org's checkpoint in a short transaction of its own bound to that org. Never an endpoint: the
 * org is bound here by hand, from the schedule's list of orgs that appended.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CheckpointWriter {

  @Inject TenantContext tenant;
  @Inject Checkpoints checkpoints;

  public Optional<Checkpoint> checkpoint(OrgId org) {
    tenant.enter(org);
    return checkpoints.signHeadIfMoved();
  }
}
