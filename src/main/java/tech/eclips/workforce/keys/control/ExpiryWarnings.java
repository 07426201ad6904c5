package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * Keys about to expire: within {@code eclips.keys.expiry-warning} (default 7 days) a key is listed
 * with {@code expires_soon: true}, and the moment it enters that window is audited once ({@code
 * api_key.expiring}, by the system). A key is marked when it is warned of, in the transaction that
 * audits it, so of concurrent warners (nodes, a PATCH) exactly one writes the entry; a new expiry
 * clears the mark.
 */
@Dependent
public class ExpiryWarnings {

  static final String ACTOR = "key-expiry-warnings";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;
  @Inject AuditWriter audit;

  @Inject
  @ConfigProperty(name = "eclips.keys.expiry-warning", defaultValue = "P7D")
  Duration window;

  public Duration window() {
    return window;
  }

  /**
   * Marks and audits the transaction's org's keys that entered the window and were not yet warned
   * of; returns how many.
   */
  public int warnDue() {
    em.flush();
    @SuppressWarnings("unchecked")
    List<Object> due =
        em.createNativeQuery(
                "UPDATE api_keys SET expiry_warned_at = now() WHERE org_id = ?1"
                    + " AND expiry_warned_at IS NULL AND expires_at > now()"
                    + " AND expires_at <= now() + make_interval(secs => ?2)"
                    + " AND (revoked_at IS NULL OR revoked_at > now()) RETURNING id")
            .setParameter(1, boundOrg.id())
            .setParameter(2, (double) window.toSeconds())
            .getResultList();
    if (!due.isEmpty()) {
      audit.append(boundOrg.org(), due.stream().map(id -> warning(id.toString())).toList());
    }
    return due.size();
  }

  private static AuditEvent warning(String keyId) {
    return new AuditEvent(
        ActorType.SYSTEM,
        ACTOR,
        null,
        AuditAction.API_KEY_EXPIRING.code(),
        "api_key",
        keyId,
        AuditOutcome.ALLOWED,
        null,
        null,
        null,
        null,
        1);
  }
}
