package tech.eclips.workforce.plans.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;

/**
 * The database opens each month's credit period with the plan's grant from {@code
 * plan_monthly_credits} (V21), never with a figure the app role passes, so the configured figures
 * ({@link PlanPolicy}, MP Config) are written there at start-up, before the first request, through
 * the platform connection: only the platform role may change them. If the database cannot be
 * reached then, it is tried again every minute until it succeeds (a container timer).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MonthlyCreditsPublication {

  private static final long RETRY_MILLIS = 60_000;

  private static final Logger LOG = Logger.getLogger(MonthlyCreditsPublication.class.getName());

  @Resource TimerService timers;
  @Inject PlatformDatabase platform;
  @Inject PlanPolicy plans;

  @PostConstruct
  void start() {
    if (!publishSafely()) {
      timers.createIntervalTimer(RETRY_MILLIS, RETRY_MILLIS, new TimerConfig(null, false));
    }
  }

  /** Writes every plan's monthly credits; a figure that did not change is left as it is. */
  public void publish() {
    for (Plan plan : Plan.values()) {
      platform.query(
          "SELECT 1 FROM eclips_gate.platform_set_monthly_credits(?, ?)",
          plan.code(),
          plans.monthlyCredits(plan));
    }
  }

  @Timeout
  void retry(Timer retry) {
    if (publishSafely()) {
      retry.cancel();
    }
  }

  private boolean publishSafely() {
    try {
      publish();
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not write the plans' monthly credits to the database; will retry",
          RedactedFailure.of(e));
      return false;
    }
  }
}
