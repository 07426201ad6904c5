package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * Every 15 seconds, audits the keys that entered the expiry-warning window (a container timer, one
 * run at a time on this node): one indexed statement finds the orgs that have any, then each org's
 * keys are marked and audited in a transaction of that org's ({@link ExpiryWarningSweep}). On
 * several nodes, each key is still warned of once (the mark is a conditional update).
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiryWarningSchedule {

  private static final Logger LOG = Logger.getLogger(ExpiryWarningSchedule.class.getName());

  @Inject ExpiryWarningSweep sweep;

  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void scheduled() {
    try {
      sweep.orgsDue().forEach(sweep::warn);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "key expiry warnings failed; will retry", RedactedFailure.of(e));
    }
  }
}
