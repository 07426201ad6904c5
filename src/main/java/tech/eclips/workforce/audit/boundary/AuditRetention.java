package tech.eclips.workforce.audit.boundary;

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
import tech.eclips.workforce.tenancy.entity.OrgId;

/** Applies each plan's audit retention: an hour after start-up and every six hours, org by org. */
@ApplicationScoped
public class AuditRetention {

  private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject AuditPurge purge;

  private ScheduledFuture<?> schedule;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    schedule = scheduler.scheduleWithFixedDelay(this::runSafely, 1, 6, TimeUnit.HOURS);
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  private void runSafely() {
    try {
      applyNow();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "audit retention failed; will retry", RedactedFailure.of(e));
    }
  }

  /** Purges every org now; returns how many entries went. */
  public long applyNow() {
    long purged = 0;
    for (OrgId org : purge.orgs()) {
      purged += purge.purge(org);
    }
    return purged;
  }
}
