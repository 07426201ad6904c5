package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** Writes one org's batch of key uses, in one transaction bound to that org. */
@Stateless
public class LastUsedFlush {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;

  public void record(OrgId org, Map<UUID, Instant> lastUse) {
    tenant.enter(org);
    lastUse.forEach(
        (key, at) ->
            em.createNativeQuery(
                    "UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2 "
                        + "AND (last_used_at IS NULL OR last_used_at < ?1)")
                .setParameter(1, Timestamp.from(at))
                .setParameter(2, key)
                .executeUpdate());
  }
}
