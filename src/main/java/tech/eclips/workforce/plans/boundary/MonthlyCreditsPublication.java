package tech.eclips.workforce.plans.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * reached then, it is tried again every minute until it succeeds.
 */
@ApplicationScoped
public class MonthlyCreditsPublication {

  private static final Logger LOG = Logger.getLogger(MonthlyCreditsPublication.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject PlatformDatabase platform;
  @Inject PlanPolicy plans;

  private ScheduledFuture<?> retry;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!publishSafely()) {
      retry = scheduler.scheduleWithFixedDelay(this::retry, 1, 1, TimeUnit.MINUTES);
    }
  }

  @PreDestroy
  void stop() {
    if (retry != null) {
      retry.cancel(false);
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

  private void retry() {
    if (publishSafely()) {
      retry.cancel(false);
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
