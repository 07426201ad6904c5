package tech.eclips.workforce.plans.control;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.plans.entity.Plan;

/**
 * What each plan allows, with CONTRACT §2's figures as defaults, each overridable through MP Config:
 * {@code eclips.plans.<plan>.public-api}, {@code .rate-limit-per-minute}, {@code .monthly-credits},
 * {@code .audit-retention-days} (for example {@code ECLIPS_PLANS_TEAM_RATE_LIMIT_PER_MINUTE=120}).
 */
@ApplicationScoped
public class PlanPolicy {

  private final Config config = ConfigProvider.getConfig();

  public boolean publicApi(Plan plan) {
    return config.getOptionalValue(key(plan, "public-api"), Boolean.class).orElse(plan.publicApi());
  }

  public int requestsPerMinute(Plan plan) {
    return config.getOptionalValue(key(plan, "rate-limit-per-minute"), Integer.class)
        .orElse(plan.defaultRequestsPerMinute());
  }

  public long monthlyCredits(Plan plan) {
    return config.getOptionalValue(key(plan, "monthly-credits"), Long.class).orElse(plan.defaultMonthlyCredits());
  }

  public int auditRetentionDays(Plan plan) {
    return config.getOptionalValue(key(plan, "audit-retention-days"), Integer.class)
        .orElse(plan.defaultAuditRetentionDays());
  }

  private static String key(Plan plan, String figure) {
    return "eclips.plans." + plan.code() + "." + figure;
  }
}
