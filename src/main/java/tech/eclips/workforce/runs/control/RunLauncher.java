package tech.eclips.workforce.runs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Starts a run on the managed executor once the transaction that accepted it has committed (never
 * before: the run must exist for the worker, and a rolled-back run must never execute).
 */
@ApplicationScoped
public class RunLauncher {

  private static final Logger LOG = Logger.getLogger(RunLauncher.class.getName());

  @Resource TransactionSynchronizationRegistry transactions;
  @Resource ManagedExecutorService executor;
  @Inject RunExecution execution;

  public void afterCommit(OrgId org, UUID run) {
    transactions.registerInterposedSynchronization(new Synchronization() {
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
    try {
      executor.submit(() -> execution.execute(org, run));
    } catch (RejectedExecutionException e) {
      LOG.warning("executor refused run " + run + "; recovery will pick it up");
    }
  }
}
