package tech.eclips.workforce.credits.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import tech.eclips.workforce.bulkheads.boundary.ConnectionShares;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * An org's credits read in a short transaction of their own (one statement), for an answer whose
 * request read none and found no recent reading on this node ({@link CreditFields}). Takes the
 * org's connection share like any request: beyond it, the share's problem is thrown.
 */
@Stateless
public class CreditLevelReads {

  @Inject ConnectionShares connections;
  @Inject TenantContext tenant;

  /** Null when the org has no figures (it cannot have: the period is opened if need be). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public CreditLevel read(OrgId org) {
    connections.holdForTransaction(org);
    return tenant.enterReadingCredits(org);
  }
}
