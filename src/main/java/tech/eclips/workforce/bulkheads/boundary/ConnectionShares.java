package tech.eclips.workforce.bulkheads.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tech.eclips.workforce.bulkheads.control.Admission;
import tech.eclips.workforce.bulkheads.control.ConnectionPermits;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * A request's side of the org's connection share ({@link ConnectionPermits}): no org's requests
 * hold more than their share of the pool, so the rest is always there for the other orgs; beyond
 * it, 429 {@code concurrency_limited} (or 503 {@code server_busy} when the whole pool is taken).
 */
@ApplicationScoped
public class ConnectionShares {

  @Inject ConnectionPermits permits;
  @Inject Meters meters;

  /** Requires an active transaction; throws the problem when the share or the pool is used up. */
  public void holdForTransaction(OrgId org) {
    Admission admission = permits.holdForTransaction(org);
    if (!(admission instanceof Admission.Admitted)) {
      throw Refusals.problem(admission, meters);
    }
  }
}
