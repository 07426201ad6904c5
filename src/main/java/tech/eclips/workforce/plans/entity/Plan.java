package tech.eclips.workforce.plans.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A subscription plan (CONTRACT §2). The figures here are defaults; MP Config may override them.
 */
public enum Plan {
  STARTER(false, 0, 1_000, 7),
  PRO(false, 0, 10_000, 30),
  TEAM(true, 60, 50_000, 90),
  GROWTH(true, 300, 250_000, 180),
  ENTERPRISE(true, 1_200, 1_000_000, 365);

  private final boolean publicApi;
  private final int requestsPerMinute;
  private final long monthlyCredits;
  private final int auditRetentionDays;

  Plan(boolean publicApi, int requestsPerMinute, long monthlyCredits, int auditRetentionDays) {
    this.publicApi = publicApi;
    this.requestsPerMinute = requestsPerMinute;
    this.monthlyCredits = monthlyCredits;
    this.auditRetentionDays = auditRetentionDays;
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

  public int defaultAuditRetentionDays() {
    return auditRetentionDays;
  }
}
