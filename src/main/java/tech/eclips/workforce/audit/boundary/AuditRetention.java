package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Applies each plan's audit retention every six hours (a container timer), org by org, each org in
 * its own transaction ({@link AuditPurge}); one run at a time on this node.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditRetention {

  private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

  @Inject AuditPurge purge;

  @Schedule(hour = "*/6", minute = "17", persistent = false)
  void scheduled() {
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
