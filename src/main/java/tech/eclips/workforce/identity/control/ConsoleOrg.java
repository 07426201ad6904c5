package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** Binds a console request's transaction to the one org its token names. */
@Dependent
public class ConsoleOrg {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;
  @Inject TenantContext tenant;

  public OrgId enter() {
    OrgId org = user.org();
    tenant.enter(org);
    return org;
  }

  /** Enters the org and reads its current plan. */
  public Plan enterWithPlan() {
    return em.find(Organization.class, enter().value()).plan();
  }
}
