package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Writes one org's batch of key uses in one statement, in one transaction bound to that org; the
 * statement names the org itself as well as RLS.
 */
@Stateless
public class LastUsedFlush {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;

  public void record(OrgId org, Map<UUID, Instant> lastUse) {
    tenant.enter(org);
    em.createNativeQuery(
            "UPDATE api_keys k SET last_used_at = u.at"
                + " FROM jsonb_to_recordset(CAST(?2 AS jsonb)) AS u(id uuid, at timestamptz)"
                + " WHERE k.org_id = ?1 AND k.id = u.id"
                + " AND (k.last_used_at IS NULL OR k.last_used_at < u.at)")
        .setParameter(1, org.value())
        .setParameter(2, uses(lastUse))
        .executeUpdate();
  }

  private static String uses(Map<UUID, Instant> lastUse) {
    return lastUse.entrySet().stream()
        .map(
            use -> {
              StringBuilder json = new StringBuilder("{");
              JsonText.field(json, "id", use.getKey().toString()).append(',');
              return JsonText.field(json, "at", use.getValue().toString()).append('}');
            })
        .collect(Collectors.joining(",", "[", "]"));
  }
}
