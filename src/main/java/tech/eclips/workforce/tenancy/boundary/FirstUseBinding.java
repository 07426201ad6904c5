package tech.eclips.workforce.tenancy.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import tech.eclips.workforce.bulkheads.boundary.ConnectionShares;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * How a {@link BindsTenantOnFirstUse} method binds its transaction when it first needs org data:
 * the org's share of the connection pool first (429 beyond it), then the tenant, as {@link
 * TenantBoundInterceptor} does for every other method.
 */
@Dependent
public class FirstUseBinding {

  @Inject ConnectionShares connections;
  @Inject TenantContext tenant;

  public void enter(OrgId org) {
    connections.holdForTransaction(org);
    tenant.enter(org);
  }
}
