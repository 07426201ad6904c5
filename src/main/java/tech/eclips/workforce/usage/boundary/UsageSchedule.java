package tech.eclips.workforce.usage.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.usage.control.UsageTally;

/**
 * Writes the keys' counted usage every {@code eclips.keys.usage-flush} (default a minute), one
 * transaction per org ({@link UsageFlush}), and once more at an orderly stop ({@link
 * UsageDrainOnStop}). An org whose write fails loses that interval's counts (a rollup, not a
 * ledger: the audit log keeps every request).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UsageSchedule {

  private static final Logger LOG = Logger.getLogger(UsageSchedule.class.getName());

  @Resource TimerService timers;
  @Inject UsageTally tally;
  @Inject UsageFlush flush;

  @Inject
  @ConfigProperty(name = "eclips.keys.usage-flush", defaultValue = "PT1M")
  Duration interval;

  @PostConstruct
  void start() {
    long millis = interval.toMillis();
    timers.createIntervalTimer(millis, millis, new TimerConfig(null, false));
  }

  @Timeout
  void due() {
    writePending(tally, flush);
  }

  /** Writes what is counted now, one transaction per org (also at an orderly stop). */
  static void writePending(UsageTally tally, UsageFlush flush) {
    tally
        .take()
        .forEach(
            (org, counts) -> {
              try {
                flush.record(org, counts);
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not write API key usage", RedactedFailure.of(e));
              }
            });
  }
}
