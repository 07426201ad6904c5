package tech.eclips.workforce.runs.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import tech.eclips.workforce.runs.control.RunRecovery;

/**
 * The container's timers for {@link RunRecovery}: a second after start-up every unfinished run,
 * then every minute the stuck ones.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunRecoverySchedule {

  private static final long AFTER_START_MILLIS = 1_000;

  @Resource TimerService timers;
  @Inject RunRecovery recovery;

  @PostConstruct
  void start() {
    timers.createSingleActionTimer(AFTER_START_MILLIS, new TimerConfig(null, false));
  }

  @Timeout
  void started() {
    recovery.recoverAllSafely();
  }

  @Schedule(hour = "*", minute = "*", second = "5", persistent = false)
  void sweep() {
    recovery.sweepSafely();
  }
}
