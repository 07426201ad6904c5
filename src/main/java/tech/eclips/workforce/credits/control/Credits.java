package tech.eclips.workforce.credits.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The credit ledger of the transaction's org. Every movement is one append-only ledger row plus one
 * update of the current period's row, whose {@code balance} always equals the sum of the ledger.
 *
 * <p>Debits are a single conditional UPDATE: the row lock serialises an org's debits and PostgreSQL
 * re-checks the WHERE clause on the locked row, so no interleaving of requests can overspend the
 * balance or the period's budget.
 */
@Dependent
public class Credits {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject PlanPolicy plans;
  @Inject Meters meters;

  Clock clock = Clock.systemUTC();

  public LocalDate currentPeriod() {
    return YearMonth.now(clock.withZone(ZoneOffset.UTC)).atDay(1);
  }

  /** Takes {@code amount} for a run, or throws 402 (and the transaction rolls back). */
  public LocalDate debit(Plan plan, long amount, UUID runId) {
    LocalDate period = currentPeriod();
    int changed = takeFromPeriod(period, amount);
    if (changed == 0) {
      // Opened by this call, or by a concurrent one whose insert this call's waited for: either way
      // the row is there now. Retrying only when this call opened it refused the first debits of a
      // fresh period when two arrived at once (TwoNodesIT: 402 with a balance of 49,990).
      openPeriod(period, plan);
      changed = takeFromPeriod(period, amount);
    }
    if (changed == 0) {
      throw whyNot(amount);
    }
    appendLedger("debit", -amount, period, runId, null);
    meters.creditsDebited(amount);
    return period;
  }

  /** Gives back what a failed run cost, in the current period. */
  /**
   * Gives back what a failed run cost, in the current period (its use counts down if debited in
   * it).
   */
  public void refund(Plan plan, long amount, UUID runId, LocalDate debitedIn) {
    LocalDate period =
        onCurrentPeriod(
            plan,
            p ->
                em.createNativeQuery(
                        "UPDATE credit_usage_periods SET balance = balance + ?1, updated_at = now(),"
                            + " used = CASE WHEN period_start = ?3 THEN greatest(used - ?1, 0) ELSE used END"
                            + " WHERE org_id = ?4 AND period_start = ?2")
                    .setParameter(1, amount)
                    .setParameter(2, p)
                    .setParameter(3, debitedIn)
                    .setParameter(4, boundOrg.id())
                    .executeUpdate());
    appendLedger("refund", amount, period, runId, "run failed");
    meters.creditsRefunded(amount);
  }

  public void grant(Plan plan, long amount, String reason) {
    LocalDate period =
        onCurrentPeriod(
            plan,
            p ->
                em.createNativeQuery(
                        "UPDATE credit_usage_periods SET balance = balance + ?1, updated_at = now()"
                            + " WHERE org_id = ?3 AND period_start = ?2")
                    .setParameter(1, amount)
                    .setParameter(2, p)
                    .setParameter(3, boundOrg.id())
                    .executeUpdate());
    appendLedger("grant", amount, period, null, reason);
  }

  /** The spending limit of this period and the next ones (null: none). Below what is used: 400. */
  public void setBudget(Plan plan, Long budget) {
    onCurrentPeriod(
        plan,
        p ->
            em.createNativeQuery(
                    "UPDATE credit_usage_periods SET budget = ?1, updated_at = now()"
                        + " WHERE org_id = ?3 AND period_start = ?2")
                .setParameter(1, budget)
                .setParameter(2, p)
                .setParameter(3, boundOrg.id())
                .executeUpdate());
  }

  public CreditBalance balance(Plan plan) {
    return findCurrent()
        .orElseGet(
            () -> {
              openPeriod(currentPeriod(), plan);
              return currentBalance();
            });
  }

  private LocalDate onCurrentPeriod(Plan plan, java.util.function.ToIntFunction<LocalDate> update) {
    LocalDate period = currentPeriod();
    if (update.applyAsInt(period) == 0) {
      openPeriod(period, plan);
      update.applyAsInt(period);
    }
    return period;
  }

  private int takeFromPeriod(LocalDate period, long amount) {
    return em.createNativeQuery(
            "UPDATE credit_usage_periods SET used = used + ?1, balance = balance - ?1,"
                + " updated_at = now() WHERE org_id = ?3 AND period_start = ?2"
                + " AND balance >= ?1 AND (budget IS NULL OR used + ?1 <= budget)")
        .setParameter(1, amount)
        .setParameter(2, period)
        .setParameter(3, boundOrg.id())
        .executeUpdate();
  }

  /**
   * Opens the period on first use: the previous balance (read under lock, so no in-flight movement
   * is lost) plus the plan's monthly grant, and the budget carried over. True if this call opened
   * it.
   */
  private boolean openPeriod(LocalDate period, Plan plan) {
    @SuppressWarnings("unchecked")
    List<Object[]> previous =
        em.createNativeQuery(
                "SELECT balance, budget FROM credit_usage_periods"
                    + " WHERE org_id = ?2 AND period_start <= ?1 ORDER BY period_start DESC LIMIT 1 FOR UPDATE")
            .setParameter(1, period)
            .setParameter(2, boundOrg.id())
            .getResultList();
    long grant = plans.monthlyCredits(plan);
    long carried = previous.isEmpty() ? 0 : num(previous.get(0)[0]);
    Object budget = previous.isEmpty() ? null : previous.get(0)[1];
    int opened =
        em.createNativeQuery(
                "INSERT INTO credit_usage_periods (org_id, id, period_start, granted, balance, budget)"
                    + " VALUES (?6, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (org_id, period_start) DO NOTHING")
            .setParameter(1, UUID.randomUUID())
            .setParameter(2, period)
            .setParameter(3, grant)
            .setParameter(4, carried + grant)
            .setParameter(5, budget)
            .setParameter(6, boundOrg.id())
            .executeUpdate();
    if (opened == 1) {
      appendLedger("grant", grant, period, null, "monthly " + plan.code() + " plan credits");
    }
    return opened == 1;
  }

  private RuntimeException whyNot(long amount) {
    CreditBalance now = currentBalance();
    if (now.budget() != null && now.used() + amount > now.budget()) {
      return CreditProblems.budgetExceeded(now.used(), now.budget(), amount);
    }
    return CreditProblems.insufficient(now.balance(), amount);
  }

  private CreditBalance currentBalance() {
    return findCurrent().orElseThrow();
  }

  private java.util.Optional<CreditBalance> findCurrent() {
    LocalDate period = currentPeriod();
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT balance, granted, used, budget FROM credit_usage_periods"
                    + " WHERE org_id = ?2 AND period_start = ?1")
            .setParameter(1, period)
            .setParameter(2, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            row ->
                new CreditBalance(
                    num(row[0]),
                    period,
                    num(row[1]),
                    num(row[2]),
                    row[3] == null ? null : num(row[3])));
  }

  private void appendLedger(String type, long amount, LocalDate period, UUID runId, String reason) {
    em.createNativeQuery(
            "INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start, run_id, reason)"
                + " VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, type)
        .setParameter(3, amount)
        .setParameter(4, period)
        .setParameter(5, runId)
        .setParameter(6, reason)
        .setParameter(7, boundOrg.id())
        .executeUpdate();
  }

  private static long num(Object value) {
    return ((Number) value).longValue();
  }
}
