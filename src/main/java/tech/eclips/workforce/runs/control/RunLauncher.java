package tech.eclips.workforce.runs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.transactions.AfterCommit;

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
    AfterCommit.run(transactions, () -> launch(org, run));
  }

  public void launch(OrgId org, UUID run) {
    batcher.submit(org, run);
  }
}
