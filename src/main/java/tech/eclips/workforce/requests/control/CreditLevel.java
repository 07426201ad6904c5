package tech.eclips.workforce.requests.control;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * An org's credits as the {@code "credits"} item of the RateLimit fields reports them (CONTRACT
 * §11): what it may still spend this period, and out of how much. The balance binds unless the
 * period's budget leaves less; then the budget is the quota. Debits leave the quota unchanged
 * (balance falls as use rises), so a client sees {@code r} count down against a fixed {@code q}.
 */
public record CreditLevel(long balance, long used, Long budget) {

  public static final String POLICY = "credits";

  /** Null when the database answered no figures (no period row yet). */
  public static CreditLevel of(Object balance, Object used, Object budget) {
    return balance == null
        ? null
        : new CreditLevel(num(balance), num(used), budget == null ? null : num(budget));
  }

  public boolean budgetBinds() {
    return budget != null && budget - used < balance;
  }

  /** What may still be spent this period: the balance, or what the budget leaves if less. */
  public long remaining() {
    return Math.max(0, budgetBinds() ? budget - used : balance);
  }

  /** The period's allowance: the budget when it binds, else the balance plus this period's use. */
  public long quota() {
    return budgetBinds() ? budget : balance + used;
  }

  /** {@code RateLimit-Policy} item (draft-ietf-httpapi-ratelimit-headers, structured fields). */
  public String policyField() {
    return "\"" + POLICY + "\";q=" + quota();
  }

  /** {@code RateLimit} item: remaining credits and seconds until the period (a UTC month) ends. */
  public String limitField(Instant now) {
    return "\"" + POLICY + "\";r=" + remaining() + ";t=" + secondsToPeriodEnd(now);
  }

  static long secondsToPeriodEnd(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant end = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Math.max(1, end.getEpochSecond() - now.getEpochSecond());
  }

  private static long num(Object value) {
    return ((Number) value).longValue();
  }
}
