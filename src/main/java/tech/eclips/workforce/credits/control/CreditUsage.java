package tech.eclips.workforce.credits.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The current period's use day by day, summed from the transaction's org's ledger: every day from
 * the period's first to today, days without movement as zeros, so the answer is at most 31 rows
 * however busy the org.
 */
@Dependent
public class CreditUsage {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  Clock clock = Clock.systemUTC();

  /**
   * Use per UTC day from {@code start}, the period the database charges now ({@link
   * CreditBalance#periodStart()}: its month decides, not this JVM's clock).
   */
  public List<DailyUse> since(LocalDate start) {
    Map<LocalDate, DailyUse> moved = new HashMap<>();
    for (Object[] row : sums(start)) {
      LocalDate day = LocalDate.parse((String) row[0]);
      moved.put(day, new DailyUse(day, num(row[1]), num(row[2])));
    }
    List<DailyUse> days = new ArrayList<>();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (LocalDate day = start; !day.isAfter(today); day = day.plusDays(1)) {
      days.add(moved.getOrDefault(day, new DailyUse(day, 0, 0)));
    }
    return days;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> sums(LocalDate period) {
    return em.createNativeQuery(
            "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,"
                + " coalesce(sum(-amount) FILTER (WHERE entry_type = 'debit'), 0),"
                + " coalesce(sum(amount) FILTER (WHERE entry_type = 'refund'), 0)"
                + " FROM credit_ledger WHERE org_id = ?2 AND period_start = ?1"
                + " AND entry_type IN ('debit', 'refund') GROUP BY 1")
        .setParameter(1, period)
        .setParameter(2, boundOrg.id())
        .getResultList();
  }

  private static long num(Object value) {
    return ((Number) value).longValue();
  }
}
