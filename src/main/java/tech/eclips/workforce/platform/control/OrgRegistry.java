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
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Creates orgs and changes plans through the platform gate functions (V4), as the platform role
 * (V10: the app role may not call them; each call commits on its own), then reads the org back as
 * its own tenant. A plan change reaches the key cache as {@link KeysChanged}: the next request sees
 * it.
 */
@Dependent
public class OrgRegistry {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject PlatformDatabase platform;
  @Inject Event<KeysChanged> changed;

  public Organization create(String name, Plan plan) {
    OrgId org = OrgId.random();
    platform.query(
        "SELECT eclips_gate.platform_create_org(?, ?, ?)", org.value(), name, plan.code());
    return find(org).orElseThrow();
  }

  public Optional<Organization> changePlan(OrgId org, Plan plan) {
    Object changedRows =
        platform.query("SELECT eclips_gate.platform_change_plan(?, ?)", org.value(), plan.code())
            .get(0)[0];
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
