package tech.eclips.workforce.usage.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.usage.control.UsageCounts;
import tech.eclips.workforce.usage.control.UsageRollup;
import tech.eclips.workforce.usage.control.UsageRollup.Alert;
import tech.eclips.workforce.usage.control.UsageTally.Bucket;

/**
 * Writes one org's counts in one transaction bound to that org: the rollup, the trim of its keys'
 * old rows, and an {@code api_key.usage_alert} event for each key whose denials ({@code
 * eclips.keys.usage.alert-denials} an hour, default 100) or distinct client addresses ({@code
 * eclips.keys.usage.alert-addresses}, default 5) crossed the threshold in this flush. Never an
 * endpoint: the org is bound here by hand.
 */
@Stateless
public class UsageFlush {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject UsageRollup rollup;
  @Inject EventLog events;

  @Inject
  @ConfigProperty(name = "eclips.keys.usage.alert-denials", defaultValue = "100")
  long denials;

  @Inject
  @ConfigProperty(name = "eclips.keys.usage.alert-addresses", defaultValue = "5")
  long addresses;

  public void record(OrgId org, Map<Bucket, UsageCounts> counts) {
    tenant.enter(org);
    for (Alert alert : rollup.add(counts, denials, addresses)) {
      ApiKey key = em.find(ApiKey.class, alert.key());
      if (key != null) {
        events.emit(
            EventType.API_KEY_USAGE_ALERT,
            key.mode().livemode(),
            JsonSupport.object()
                .add("object", "api_key_usage_alert")
                .add("api_key_id", alert.key().toString())
                .add("kind", alert.kind())
                .add("hour", alert.hour().toString())
                .add("threshold", "denials".equals(alert.kind()) ? denials : addresses)
                .build());
      }
    }
  }
}
