package tech.eclips.workforce.runs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Hands a run to the executor ({@link RunBatcher}) once the transaction that accepted it has
 * committed (never before: the run must exist for the worker, and a rolled-back run must never
 * execute).
 */
@ApplicationScoped
public class RunLauncher {

  @Resource TransactionSynchronizationRegistry transactions;
  @Inject RunBatcher batcher;

  public void afterCommit(OrgId org, UUID run) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              launch(org, run);
            }
          }
        });
  }

  public void launch(OrgId org, UUID run) {
    batcher.submit(org, run);
  }
}
