package tech.eclips.workforce.credits.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The credit ledger of the transaction's org. Every movement is one append-only ledger row plus one
 * update of the current period's row, whose {@code balance} always equals the sum of the ledger.
 *
 * <p>The app role may only read both tables: each movement is one call of a database function (V21)
 * that enforces the ledger's rules for the transaction's tenant, whatever this class passes. A
 * run's debit is taken by the accept itself ({@code eclips_accept_runs}, V23, which calls {@code
 * eclips_credit_debit}; the 402s it answers are {@link CreditProblems}), a single conditional
 * UPDATE: the row lock serialises an org's debits and PostgreSQL re-checks the WHERE clause on the
 * locked row, so no interleaving of requests can overspend the balance or the period's budget. The
 * database opens a period with its plan's monthly grant ({@code plan_monthly_credits}, which {@code
 * MonthlyCreditsPublication} keeps equal to the configured figures) and decides which month is
 * current.
 */
@Dependent
public class Credits {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;
  @Inject Meters meters;
  @Inject CreditLevels levels;

  /**
   * Gives back what a failed run cost, in the current period (its use counts down if debited in
   * it). The database refuses a run it never charged, a second refund and more than was charged.
   */
  public void refund(long amount, UUID runId) {
    em.createNativeQuery("SELECT eclips_credit_refund(?1, ?2)")
        .setParameter(1, runId)
        .setParameter(2, amount)
        .getSingleResult();
    levels.forget(boundOrg.org());
    meters.creditsRefunded(amount);
  }

  /**
   * Applies a grant the platform role authorized ({@code GrantAuthorizations}) in this transaction;
   * the database refuses another org's, a used or an expired authorization.
   */
  public long grant(UUID authorization) {
    levels.forget(boundOrg.org());
    return ((Number)
            em.createNativeQuery("SELECT eclips_credit_grant(?1)")
                .setParameter(1, authorization)
                .getSingleResult())
        .longValue();
  }

  /** The spending limit of this period and the next ones (null: none). Below what is used: 400. */
  public void setBudget(Long budget) {
    em.createNativeQuery("SELECT eclips_credit_set_budget(CAST(?1 AS bigint))")
        .setParameter(1, budget)
        .getSingleResult();
    levels.forget(boundOrg.org());
  }

  public CreditBalance balance() {
    return findCurrent()
        .orElseGet(
            () -> {
              em.createNativeQuery("SELECT eclips_credit_open_period()").getSingleResult();
              return currentBalance();
            });
  }

  private CreditBalance currentBalance() {
    return findCurrent().orElseThrow();
  }

  /** The period the database charges now (its month, not this JVM's clock). */
  private Optional<CreditBalance> findCurrent() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT balance, granted, used, budget, period_start FROM credit_usage_periods"
                    + " WHERE org_id = ?1 AND period_start = eclips_credit_period()")
            .setParameter(1, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            row ->
                new CreditBalance(
                    num(row[0]),
                    date(row[4]),
                    num(row[1]),
                    num(row[2]),
                    row[3] == null ? null : num(row[3])));
  }

  private static LocalDate date(Object value) {
    return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
  }

  private static long num(Object value) {
    return ((Number) value).longValue();
  }
}
