package tech.eclips.workforce.plans.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.plans.entity.Plan;

/**
 * What each plan allows, with CONTRACT §2's figures as defaults, each overridable through MP
 * Config: {@code eclips.plans.<plan>.public-api}, {@code .rate-limit-per-minute}, {@code
 * .monthly-credits}, {@code .active-keys} (for example {@code
 * ECLIPS_PLANS_TEAM_RATE_LIMIT_PER_MINUTE=120}). Audit retention lives in the database (V10). Read
 * once at start-up: they are asked on every request, and a config lookup costs more than the ring.
 */
@ApplicationScoped
public class PlanPolicy {

  private record Figures(
      boolean publicApi, int requestsPerMinute, long monthlyCredits, int activeKeys) {}

  private final Map<Plan, Figures> figures = new EnumMap<>(Plan.class);

  @PostConstruct
  void read() {
    Config config = ConfigProvider.getConfig();
    for (Plan plan : Plan.values()) {
      figures.put(
          plan,
          new Figures(
              config
                  .getOptionalValue(key(plan, "public-api"), Boolean.class)
                  .orElse(plan.publicApi()),
              config
                  .getOptionalValue(key(plan, "rate-limit-per-minute"), Integer.class)
                  .orElse(plan.defaultRequestsPerMinute()),
              config
                  .getOptionalValue(key(plan, "monthly-credits"), Long.class)
                  .orElse(plan.defaultMonthlyCredits()),
              config
                  .getOptionalValue(key(plan, "active-keys"), Integer.class)
                  .orElse(plan.defaultActiveKeys())));
    }
  }

  public boolean publicApi(Plan plan) {
    return figures.get(plan).publicApi();
  }

  public int requestsPerMinute(Plan plan) {
    return figures.get(plan).requestsPerMinute();
  }

  public long monthlyCredits(Plan plan) {
    return figures.get(plan).monthlyCredits();
  }

  public int activeKeys(Plan plan) {
    return figures.get(plan).activeKeys();
  }

  private static String key(Plan plan, String figure) {
    return "eclips.plans." + plan.code() + "." + figure;
  }
}
