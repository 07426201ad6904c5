package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.keys.control.ExpiryWarnings;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** One org's expiry warnings in a transaction of its own, bound to that org. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ExpiryWarningSweep {

  @Inject TenantContext tenant;
  @Inject ExpiryWarnings warnings;
  @Inject PlatformDatabase platform;

  public int warn(OrgId org) {
    tenant.enter(org);
    return warnings.warnDue();
  }

  /** The orgs with a key to warn of, through the one gate that names them (ids only). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<OrgId> orgsDue() {
    return platform
        .query(
            "SELECT org_id FROM eclips_gate.orgs_with_keys_expiring(?)",
            (int) warnings.window().toSeconds())
        .stream()
        .map(row -> new OrgId(UUID.fromString(row[0].toString())))
        .toList();
  }
}
