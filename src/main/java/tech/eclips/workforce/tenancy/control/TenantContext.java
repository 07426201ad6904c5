package tech.eclips.workforce.tenancy.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Binds the current transaction to one org. Called first by every boundary method that touches org
 * data; it requires an active transaction (the native statement fails without one), so the tenant
 * can never outlive the transaction that set it.
 */
@Dependent
public class TenantContext {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg bound;

  public void enter(OrgId org) {
    em.setProperty(PersistenceUnitProperties.MULTITENANT_PROPERTY_DEFAULT, org.toString());
    bound.bind(org);
    bindRowLevelSecurity(org);
  }

  /**
   * Rebinds a transaction that works through SQL only (no entity of a {@code @Multitenant} type)
   * from one org to the next, as batch jobs do: RLS follows at once; EclipseLink's tenant cannot
   * change mid-way.
   */
  public void rebindForSql(OrgId org) {
    bound.bind(org);
    bindRowLevelSecurity(org);
  }

  private void bindRowLevelSecurity(OrgId org) {
    // SET LOCAL rather than set_config(): Citus forwards SET LOCAL to its workers. The value is a
    // UUID's canonical text (hex digits and dashes only), so inlining it cannot inject SQL.
    em.createNativeQuery("SET LOCAL app.org_id = '" + org.value() + "'").executeUpdate();
  }
}
