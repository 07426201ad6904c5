package tech.eclips.workforce.runs.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.runs.control.RunQueue;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.transactions.GroupCommit;

/**
 * Executes accepted runs in batches: one transaction takes a batch and writes each run's outcome
 * ({@link RunSteps#executeBatch}); one commit for many runs instead of two per run. Our agents are
 * fast and deterministic, so a run goes from {@code queued} to its outcome without a commit in
 * between. If a batch transaction fails, each of its runs is executed on its own ({@link
 * RunExecution}: {@code running} committed first), so one bad run cannot hold the others back.
 * Batches come from the {@link RunQueue}, up to {@value #MAX_BATCH} runs and {@code
 * eclips.runs.batch.max-input-bytes} of input; a run left queued at a stop stays {@code queued} in
 * the database, and {@code RunRecovery} launches it again.
 */
@ApplicationScoped
public class RunWorkers {

  static final int MAX_BATCH = 64;

  /** Two workers: while one waits for its commit, the other executes the next batch. */
  static final int WORKERS = 2;

  private static final Logger LOG = Logger.getLogger(RunWorkers.class.getName());

  @Inject
  @ConfigProperty(name = "eclips.runs.batch.max-input-bytes", defaultValue = "8388608")
  long maxBatchInputBytes;

  @Resource ManagedThreadFactory threads;
  @Inject RunQueue queue;
  @Inject RunSteps steps;
  @Inject RunExecution single;

  private final GroupCommit workers =
      new GroupCommit("run-worker", Duration.ofMillis(100), this::runNext);

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    workers.start(threads, WORKERS);
  }

  /** What is still queued stays queued in the database: recovery launches it after a restart. */
  @PreDestroy
  void stop() {
    workers.stop(Duration.ofSeconds(5), () -> {});
  }

  private void runNext(long waitMillis) throws InterruptedException {
    List<RunQueue.Pending> taken = queue.pending().take(MAX_BATCH, maxBatchInputBytes, waitMillis);
    if (taken.isEmpty()) {
      return;
    }
    Map<OrgId, List<UUID>> batch = new LinkedHashMap<>();
    taken.forEach(p -> batch.computeIfAbsent(p.org(), o -> new ArrayList<>()).add(p.run()));
    try {
      steps.executeBatch(batch);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "executing a batch of " + taken.size() + " runs failed; running them one by one",
          RedactedFailure.of(e));
      batch.forEach((org, runs) -> runs.forEach(run -> single.execute(org, run)));
    }
  }
}
