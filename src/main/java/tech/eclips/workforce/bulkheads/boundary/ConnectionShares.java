package tech.eclips.workforce.bulkheads.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import tech.eclips.workforce.bulkheads.control.Admission;
import tech.eclips.workforce.bulkheads.control.ConcurrencyCaps;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.bulkheads.control.Permit;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The org's share of the database connection pool: a request's transaction takes one permit just
 * before its first statement takes a connection, and gives it back when the transaction completes
 * (which is when the connection goes back to the pool). No org's requests can hold more than their
 * share, so the rest of the pool is always there for the other orgs.
 */
@ApplicationScoped
public class ConnectionShares {

  /** Marks a transaction that holds its permit already (a nested bind takes no second one). */
  private static final Object HELD = ConnectionShares.class.getName();

  @Resource TransactionSynchronizationRegistry transactions;
  @Inject ConcurrencyCaps caps;
  @Inject Meters meters;

  /**
   * Requires an active transaction; 429 or 503 (a problem) when the share or the pool is used up.
   */
  public void holdForTransaction(OrgId org) throws InterruptedException {
    if (transactions.getResource(HELD) != null) {
      return;
    }
    Admission admission = caps.acquire(Kind.CONNECTIONS, org);
    if (!(admission instanceof Admission.Admitted admitted)) {
      throw Refusals.problem(admission, meters);
    }
    Permit permit = admitted.permit();
    try {
      transactions.registerInterposedSynchronization(new ReleaseAtEnd(permit));
      transactions.putResource(HELD, Boolean.TRUE);
    } catch (RuntimeException e) {
      permit.close();
      throw e;
    }
  }

  private record ReleaseAtEnd(Permit permit) implements Synchronization {
    @Override
    public void beforeCompletion() {
      // the connection is still in use until the transaction has completed
    }

    @Override
    public void afterCompletion(int status) {
      permit.close();
    }
  }
}
