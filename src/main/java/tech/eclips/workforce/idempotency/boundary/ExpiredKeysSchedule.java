package tech.eclips.workforce.idempotency.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;

/**
 * Expired Idempotency-Keys go every hour (a key is honoured for 24 h, then forgotten): a container
 * timer.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiredKeysSchedule {

  private static final Logger LOG = Logger.getLogger(ExpiredKeysSchedule.class.getName());

  @Inject PlatformDatabase platform;

  /**
   * One statement on the platform connection: the gate function deletes expired rows of every org
   * and nothing else, and returns only a count.
   */
  public long purgeNow() {
    return ((Number)
            platform.query("SELECT eclips_gate.purge_expired_idempotency_keys()").get(0)[0])
        .longValue();
  }

  @Schedule(hour = "*", minute = "5", persistent = false)
  void purgeSafely() {
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
