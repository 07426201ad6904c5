package tech.eclips.workforce.usage.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * Reads one key's rollup since an hour: its rows, distinct addresses, last use, and the route
 * classes it used. Bounded by the window (at most 30 days of hours times the route classes).
 */
@Dependent
public class UsageReads {

  /** One row of the rollup: a key's hour in one route class. */
  public record Hour(
      Instant hour,
      String routeClass,
      long allowed,
      long refused,
      long limited,
      long payment,
      long failed,
      int addresses) {}

  /** The newest use in the window, and from where. */
  public record LastUse(Instant at, String address) {}

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @SuppressWarnings("unchecked")
  public List<Hour> hours(UUID key, Instant since) {
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT hour, route_class, allowed, refused, limited, payment, failed,"
                    + " cardinality(addresses) FROM api_key_usage"
                    + " WHERE org_id = ?1 AND key_id = ?2 AND hour >= CAST(?3 AS timestamptz)"
                    + " ORDER BY hour, route_class")
            .setParameter(1, boundOrg.id())
            .setParameter(2, key)
            .setParameter(3, since.toString())
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Hour(
                    instant(r[0]),
                    (String) r[1],
                    number(r[2]),
                    number(r[3]),
                    number(r[4]),
                    number(r[5]),
                    number(r[6]),
                    (int) number(r[7])))
        .toList();
  }

  /** Distinct client addresses over the window (each row keeps at most 16). */
  public long addresses(UUID key, Instant since) {
    return number(
        em.createNativeQuery(
                "SELECT count(DISTINCT a) FROM api_key_usage u CROSS JOIN LATERAL unnest(u.addresses)"
                    + " AS a WHERE u.org_id = ?1 AND u.key_id = ?2"
                    + " AND u.hour >= CAST(?3 AS timestamptz)")
            .setParameter(1, boundOrg.id())
            .setParameter(2, key)
            .setParameter(3, since.toString())
            .getSingleResult());
  }

  @SuppressWarnings("unchecked")
  public Optional<LastUse> lastUse(UUID key) {
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT last_at, last_address FROM api_key_usage"
                    + " WHERE org_id = ?1 AND key_id = ?2 ORDER BY last_at DESC LIMIT 1")
            .setParameter(1, boundOrg.id())
            .setParameter(2, key)
            .getResultList();
    return rows.stream().findFirst().map(r -> new LastUse(instant(r[0]), (String) r[1]));
  }

  /**
   * The route classes the key got past its scope check in (anything but a 401 or 403: a 429 or 402
   * comes after the scope check), since an hour.
   */
  @SuppressWarnings("unchecked")
  public List<String> usedRouteClasses(UUID key, Instant since) {
    return em.createNativeQuery(
            "SELECT route_class FROM api_key_usage"
                + " WHERE org_id = ?1 AND key_id = ?2 AND hour >= CAST(?3 AS timestamptz)"
                + " GROUP BY route_class HAVING sum(allowed + limited + payment + failed) > 0"
                + " ORDER BY route_class")
        .setParameter(1, boundOrg.id())
        .setParameter(2, key)
        .setParameter(3, since.toString())
        .getResultList();
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }

  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return ((OffsetDateTime) value).toInstant();
  }
}
