package tech.eclips.workforce.platform.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import tech.eclips.workforce.keys.control.KeysChanged;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Creates orgs and changes plans through the platform gate functions (V4), then reads the org back
 * as its own tenant. A plan change reaches the key cache as {@link KeysChanged}: the next request
 * sees it.
 */
@Dependent
public class OrgRegistry {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject Event<KeysChanged> changed;

  public Organization create(String name, Plan plan) {
    OrgId org = OrgId.random();
    em.createNativeQuery("SELECT eclips_gate.platform_create_org(?1, ?2, ?3)")
        .setParameter(1, org.value())
        .setParameter(2, name)
        .setParameter(3, plan.code())
        .getSingleResult();
    return find(org).orElseThrow();
  }

  public Optional<Organization> changePlan(OrgId org, Plan plan) {
    Object changedRows =
        em.createNativeQuery("SELECT eclips_gate.platform_change_plan(?1, ?2)")
            .setParameter(1, org.value())
            .setParameter(2, plan.code())
            .getSingleResult();
    if (!Boolean.TRUE.equals(changedRows)) {
      return Optional.empty();
    }
    Optional<Organization> found = find(org);
    changed.fire(new KeysChanged(org));
    return found;
  }

  /**
   * Binds the transaction to the org (platform operations act on one org at a time) and reads it.
   */
  public Optional<Organization> find(OrgId org) {
    tenant.enter(org);
    return Optional.ofNullable(em.find(Organization.class, org.value()));
  }
}
