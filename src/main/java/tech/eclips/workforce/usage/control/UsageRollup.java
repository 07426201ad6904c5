package tech.eclips.workforce.usage.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.usage.control.UsageTally.Bucket;

/** Writes the bound org's counts into the rollup (V34), one statement per flush. */
@Dependent
public class UsageRollup {

  /** A key whose denials or addresses in an hour crossed the threshold first in this flush. */
  public record Alert(UUID key, Instant hour, String kind) {}

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /**
   * Adds the counts, trims these keys' rows past 35 days and answers the keys whose denials (401,
   * 403, 429, 402) or distinct addresses in a flushed hour reached a threshold, each kind and hour
   * once ever: one call of {@code eclips_record_key_usage} (V34).
   */
  @SuppressWarnings("unchecked")
  public List<Alert> add(Map<Bucket, UsageCounts> counts, long denials, long addresses) {
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT key_id, hour, kind FROM eclips_record_key_usage(?1, CAST(?2 AS jsonb), ?3, ?4)")
            .setParameter(1, boundOrg.id())
            .setParameter(2, rows(counts))
            .setParameter(3, denials)
            .setParameter(4, addresses)
            .getResultList();
    return rows.stream()
        .map(r -> new Alert(UUID.fromString(r[0].toString()), instant(r[1]), (String) r[2]))
        .toList();
  }

  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return ((java.time.OffsetDateTime) value).toInstant();
  }

  private static String rows(Map<Bucket, UsageCounts> counts) {
    return counts.entrySet().stream()
        .map(e -> row(e.getKey(), e.getValue()))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String row(Bucket bucket, UsageCounts counts) {
    StringBuilder json = new StringBuilder("{");
    JsonText.field(json, "key_id", bucket.key().toString()).append(',');
    JsonText.field(json, "hour", bucket.hour().toString()).append(',');
    JsonText.field(json, "route_class", bucket.routeClass()).append(',');
    for (Outcome outcome : Outcome.values()) {
      JsonText.field(json, outcome.name().toLowerCase(java.util.Locale.ROOT), counts.count(outcome))
          .append(',');
    }
    json.append("\"addresses\":[");
    json.append(
        counts.addresses().stream()
            .map(a -> JsonText.quote(new StringBuilder(), a).toString())
            .collect(Collectors.joining(",")));
    json.append("],");
    JsonText.field(json, "last_at", counts.lastAt().toString()).append(',');
    return JsonText.field(json, "last_address", counts.lastAddress()).append('}').toString();
  }
}
