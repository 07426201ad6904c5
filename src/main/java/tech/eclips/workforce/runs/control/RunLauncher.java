package tech.eclips.workforce.runs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.transactions.AfterCommit;

/**
 * Hands a run to the executor ({@link RunQueue}) once the transaction that accepted it has
 * committed (never before: the run must exist for the worker, and a rolled-back run must never
 * execute). The hand-off carries the size of the run's input, which bounds an execution batch;
 * callers that do not know it (a run recovered after a restart) launch with {@link
 * #UNKNOWN_INPUT_BYTES}.
 */
@ApplicationScoped
public class RunLauncher {

  /**
   * What a run of unknown input size counts for in a batch: larger than a typical invoice, so 64 of
   * them (a whole batch) stay far below the batch's input bound.
   */
  public static final long UNKNOWN_INPUT_BYTES = 16 * 1024;

  @Resource TransactionSynchronizationRegistry transactions;
  @Inject RunQueue queue;

  public void afterCommit(OrgId org, UUID run, long inputBytes) {
    AfterCommit.run(transactions, () -> launch(org, run, inputBytes));
  }

  public void launch(OrgId org, UUID run) {
    launch(org, run, UNKNOWN_INPUT_BYTES);
  }

  public void launch(OrgId org, UUID run, long inputBytes) {
    queue.submit(org, run, inputBytes);
  }
}
