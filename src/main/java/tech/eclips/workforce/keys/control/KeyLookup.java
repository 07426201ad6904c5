package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.requests.control.AddressRanges;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.Containment;
import tech.eclips.workforce.sql.SqlValues;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The one read that crosses orgs (CONTRACT §1): digest to key record through {@code
 * eclips_gate.resolve_api_key}, which returns that key and nothing else. No tenant is set here, and
 * none is needed: the app role cannot read the tables behind it directly.
 */
@ApplicationScoped
public class KeyLookup {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public Optional<Caller> resolve(byte[] digest) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT org_id, key_id, name, hint, mode, scopes, rate_limit_per_minute, expires_at, revoked_at, disabled_at, plan,"
                    + " allowed_ips, quarantined_at, quarantine_ips, frozen_modes FROM eclips_gate.resolve_api_key(?1)")
            .setParameter(1, digest)
            .getResultList();
    return rows.stream().findFirst().map(KeyLookup::toCaller);
  }

  private static Caller toCaller(Object[] row) {
    KeyMode mode = KeyMode.fromCode((String) row[4]).orElseThrow();
    Containment containment =
        new Containment(
            AddressRanges.stored((String) row[11]).orElse(null),
            SqlValues.instant(row[12]),
            AddressRanges.stored((String) row[13]).orElse(null),
            Arrays.asList(((String) row[14]).split(",")).contains(mode.code()));
    Set<Scope> scopes = Scope.split((String) row[5]);
    Integer limit = row[6] == null ? null : ((Number) row[6]).intValue();
    if (containment.quarantined()) {
      // read-only and slow while quarantined: decided here, once per lookup, so the scope and rate
      // steps of the ring stay as they are and the hot path pays nothing
      scopes = Scope.readOnly(scopes);
      limit =
          Math.min(limit == null ? Integer.MAX_VALUE : limit, Containment.QUARANTINE_PER_MINUTE);
    }
    return new Caller(
        new OrgId(SqlValues.uuid(row[0])),
        SqlValues.uuid(row[1]),
        (String) row[2],
        (String) row[3],
        mode,
        scopes,
        limit,
        SqlValues.instant(row[7]),
        SqlValues.instant(row[8]),
        SqlValues.instant(row[9]),
        Plan.fromCode((String) row[10]).orElseThrow(),
        containment);
  }
}
