package tech.eclips.workforce.tenancy.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TransactionRequiredException;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Binds the current transaction to one org. Called first by every boundary method that touches org
 * data; it requires an active transaction (the binding is transaction-local), so the tenant can
 * never outlive the transaction that set it. The database checks the binding (V22): it takes the
 * org's proof, which only the platform connection can obtain ({@link TenantProofs}).
 */
@Dependent
public class TenantContext {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantProofs proofs;
  @Inject BoundOrg bound;

  public void enter(OrgId org) {
    em.setProperty(PersistenceUnitProperties.MULTITENANT_PROPERTY_DEFAULT, org.toString());
    bound.bind(org);
    bindRowLevelSecurity(org);
  }

  /**
   * {@link #enter}, and the org's credits read in the same statement ({@code
   * eclips_enter_org_reading_credits}, V26): what every /v1 answer reports costs its request no
   * round trip of its own. Opens the current period if no request has yet.
   */
  public CreditLevel enterReadingCredits(OrgId org) {
    em.setProperty(PersistenceUnitProperties.MULTITENANT_PROPERTY_DEFAULT, org.toString());
    bound.bind(org);
    requireTransaction();
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "SELECT balance, used, budget FROM eclips_enter_org_reading_credits(?1, ?2)")
                .setParameter(1, org.value())
                .setParameter(2, proofs.of(org))
                .getSingleResult();
    return CreditLevel.of(row[0], row[1], row[2]);
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

  private void requireTransaction() {
    if (!em.isJoinedToTransaction()) {
      throw new TransactionRequiredException("a tenant is entered only inside a transaction");
    }
  }

  private void bindRowLevelSecurity(OrgId org) {
    requireTransaction();
    // One parameterised call, the same as the batch functions make for each org: neither the org
    // nor its proof appears in the statement's text (pg_stat_activity, statement statistics), and
    // the function binds with SET LOCAL, which Citus forwards to its workers.
    em.createNativeQuery("SELECT eclips_enter_org(?1, ?2)")
        .setParameter(1, org.value())
        .setParameter(2, proofs.of(org))
        .getSingleResult();
  }
}
