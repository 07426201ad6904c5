package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;

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
    return organization().plan();
  }

  /** A token naming an org that does not exist (or no longer does) acts on nothing: 403. */
  public Organization organization() {
    Organization org = em.find(Organization.class, user.org().value());
    if (org == null) {
      throw Problems.forbidden("This token's organization does not exist.");
    }
    return org;
  }
}
