package tech.eclips.workforce.idempotency.boundary;

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
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;

/** Expired Idempotency-Keys go every hour (a key is honoured for 24 h, then forgotten). */
@ApplicationScoped
public class ExpiredKeysSchedule {

  private static final Logger LOG = Logger.getLogger(ExpiredKeysSchedule.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject PlatformDatabase platform;

  private ScheduledFuture<?> schedule;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    schedule = scheduler.scheduleWithFixedDelay(this::purgeSafely, 5, 60, TimeUnit.MINUTES);
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  /**
   * One statement on the platform connection: the gate function deletes expired rows of every org
   * and nothing else, and returns only a count.
   */
  public long purgeNow() {
    return ((Number)
            platform.query("SELECT eclips_gate.purge_expired_idempotency_keys()").get(0)[0])
        .longValue();
  }

  private void purgeSafely() {
    try {
      purgeNow();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not delete expired idempotency keys; will retry",
          RedactedFailure.of(e));
    }
  }
}
