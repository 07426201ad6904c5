package tech.eclips.workforce.plans.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A subscription plan (CONTRACT §2). The figures here are defaults; MP Config may override them.
 * Audit retention is not here: the database keeps it (table {@code plan_audit_retention}, V10), so
 * that the purge, which the database runs, and the app's reads cannot disagree.
 */
public enum Plan {
  STARTER(false, 0, 1_000, 5),
  PRO(false, 0, 10_000, 10),
  TEAM(true, 60, 50_000, 25),
  GROWTH(true, 300, 250_000, 100),
  ENTERPRISE(true, 1_200, 1_000_000, 500);

  private final boolean publicApi;
  private final int requestsPerMinute;
  private final long monthlyCredits;
  private final int activeKeys;

  Plan(boolean publicApi, int requestsPerMinute, long monthlyCredits, int activeKeys) {
    this.publicApi = publicApi;
    this.requestsPerMinute = requestsPerMinute;
    this.monthlyCredits = monthlyCredits;
    this.activeKeys = activeKeys;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Plan> fromCode(String code) {
    return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
  }

  public boolean publicApi() {
    return publicApi;
  }

  public int defaultRequestsPerMinute() {
    return requestsPerMinute;
  }

  public long defaultMonthlyCredits() {
    return monthlyCredits;
  }

  /** How many keys an org may have active (not revoked, not expired) at once. */
  public int defaultActiveKeys() {
    return activeKeys;
  }
}
