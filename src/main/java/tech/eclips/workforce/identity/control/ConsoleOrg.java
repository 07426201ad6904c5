package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.plans.entity.Plan;

/**
 * The org of a console request, read in a transaction that {@code @TenantBound} already bound to
 * the one org the token names.
 */
@Dependent
public class ConsoleOrg {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;

  /** The org's current plan. */
  public Plan plan() {
    return em.find(Organization.class, user.org().value()).plan();
  }
}
