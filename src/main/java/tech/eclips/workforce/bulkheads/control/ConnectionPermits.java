package tech.eclips.workforce.bulkheads.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The org's share of the database connection pool, per transaction: taken just before the
 * transaction's first statement takes a connection, given back when the transaction completes
 * (which is when the connection goes back to the pool). Once per transaction: a nested bind takes
 * no second permit.
 */
@ApplicationScoped
public class ConnectionPermits {

  /** Marks a transaction that holds its permit already. */
  private static final Object HELD = ConnectionPermits.class.getName();

  @Resource TransactionSynchronizationRegistry transactions;
  @Inject ConcurrencyCaps caps;

  /** Requires an active transaction; an interrupted wait counts as the server being busy. */
  public Admission holdForTransaction(OrgId org) {
    if (transactions.getResource(HELD) != null) {
      return new Admission.Admitted(new Permit(() -> {}));
    }
    Admission admission;
    try {
      admission = caps.acquire(Kind.CONNECTIONS, org);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Admission.OverCapacity(Kind.CONNECTIONS, caps.of(Kind.CONNECTIONS).inUse());
    }
    if (admission instanceof Admission.Admitted admitted) {
      Permit permit = admitted.permit();
      try {
        transactions.registerInterposedSynchronization(new ReleaseAtEnd(permit));
        transactions.putResource(HELD, Boolean.TRUE);
      } catch (RuntimeException e) {
        permit.close();
        throw e;
      }
    }
    return admission;
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
