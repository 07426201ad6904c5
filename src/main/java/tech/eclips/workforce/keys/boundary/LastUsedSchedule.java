package tech.eclips.workforce.keys.boundary;

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
import tech.eclips.workforce.keys.control.LastUsedTracker;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * Writes the keys' noted uses every {@code eclips.keys.last-used-flush} (default a minute; a
 * container timer whose interval comes from the configuration), one transaction per org ({@link
 * LastUsedFlush}); and once more at an orderly stop ({@link LastUsedDrainOnStop}).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LastUsedSchedule {

  private static final Logger LOG = Logger.getLogger(LastUsedSchedule.class.getName());

  @Resource TimerService timers;
  @Inject LastUsedTracker tracker;
  @Inject LastUsedFlush flush;

  @Inject
  @ConfigProperty(name = "eclips.keys.last-used-flush", defaultValue = "PT1M")
  Duration interval;

  @PostConstruct
  void start() {
    long millis = interval.toMillis();
    timers.createIntervalTimer(millis, millis, new TimerConfig(null, false));
  }

  @Timeout
  void due() {
    writePending(tracker, flush);
  }

  /**
   * Writes what is noted now, one transaction per org; uses whose write fails are dropped (the next
   * use notes them again).
   */
  static void writePending(LastUsedTracker tracker, LastUsedFlush flush) {
    try {
      tracker.takePending().forEach(flush::record);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not record API key use; will retry", RedactedFailure.of(e));
    }
  }
}
