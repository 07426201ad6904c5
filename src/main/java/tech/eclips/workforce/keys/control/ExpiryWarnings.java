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
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * Keys about to expire: within {@code eclips.keys.expiry-warning} (default 7 days) a key is listed
 * with {@code expires_soon: true}, and the moment it enters that window is audited once ({@code
 * api_key.expiring}, by the system). A key is marked when it is warned of, in the transaction that
 * audits it (and writes its {@code api_key.expiring} event), so of concurrent warners (nodes, a
 * PATCH) exactly one writes the entry; a new expiry clears the mark.
 */
@Dependent
public class ExpiryWarnings {

  static final String ACTOR = "key-expiry-warnings";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;
  @Inject AuditWriter audit;
  @Inject EventLog eventLog;

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
    List<Object[]> due =
        em.createNativeQuery(
                "UPDATE api_keys SET expiry_warned_at = now() WHERE org_id = ?1"
                    + " AND expiry_warned_at IS NULL AND expires_at > now()"
                    + " AND expires_at <= now() + make_interval(secs => ?2)"
                    + " AND (revoked_at IS NULL OR revoked_at > now())"
                    + " RETURNING id, mode, name, hint, to_char(expires_at AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            .setParameter(1, boundOrg.id())
            .setParameter(2, (double) window.toSeconds())
            .getResultList();
    if (!due.isEmpty()) {
      audit.append(boundOrg.org(), due.stream().map(row -> warning(row[0].toString())).toList());
      due.forEach(this::emit);
    }
    return due.size();
  }

  /** The key's event: a summary (the key's id, mode, name, hint and expiry), never its secret. */
  private void emit(Object[] key) {
    boolean live = "live".equals(key[1]);
    eventLog.emit(
        EventType.API_KEY_EXPIRING,
        live,
        JsonSupport.object()
            .add("id", key[0].toString())
            .add("object", "api_key")
            .add("mode", live ? "live" : "test")
            .add("name", (String) key[2])
            .add("hint", (String) key[3])
            .add("expires_at", (String) key[4])
            .add("expires_soon", true)
            .build());
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
