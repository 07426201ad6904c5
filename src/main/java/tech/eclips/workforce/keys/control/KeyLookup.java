package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.requests.control.Caller;
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
                "SELECT org_id, key_id, name, hint, mode, scopes, rate_limit_per_minute, expires_at, revoked_at, disabled_at, plan "
                    + "FROM eclips_gate.resolve_api_key(?1)")
            .setParameter(1, digest)
            .getResultList();
    return rows.stream().findFirst().map(KeyLookup::toCaller);
  }

  private static Caller toCaller(Object[] row) {
    return new Caller(
        new OrgId(SqlValues.uuid(row[0])),
        SqlValues.uuid(row[1]),
        (String) row[2],
        (String) row[3],
        KeyMode.fromCode((String) row[4]).orElseThrow(),
        Scope.split((String) row[5]),
        row[6] == null ? null : ((Number) row[6]).intValue(),
        SqlValues.instant(row[7]),
        SqlValues.instant(row[8]),
        SqlValues.instant(row[9]),
        Plan.fromCode((String) row[10]).orElseThrow());
  }
}
