package tech.eclips.workforce.runs.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.runs.boundary.RunSteps;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Executes accepted runs in batches: one transaction takes a batch and writes each run's outcome
 * ({@link RunSteps#executeBatch}); one commit for many runs instead of two per run. Our agents are
 * fast and deterministic, so a run goes from {@code queued} to its outcome without a commit in
 * between. If a batch transaction fails, each of its runs is executed on its own ({@link
 * RunExecution}: {@code running} committed first), so one bad run cannot hold the others back.
 *
 * <p>Fair and bounded per org ({@link FairRunQueue}): each org has its own queue, at most {@code
 * eclips.runs.queue.max-per-org} runs (a run past it stays {@code queued} in the database and
 * {@link RunRecovery} launches it later), and a batch takes the orgs' runs in turn, up to {@value
 * #MAX_BATCH} runs and {@code eclips.runs.batch.max-input-bytes} of input.
 */
@ApplicationScoped
public class RunBatcher {

  static final int MAX_BATCH = 64;

  /** Two workers: while one waits for its commit, the other executes the next batch. */
  static final int WORKERS = 2;

  /** How long an idle worker waits for a run before it looks at {@code running} again. */
  static final long IDLE_WAIT_MILLIS = 500;

  private static final Logger LOG = Logger.getLogger(RunBatcher.class.getName());

  @Inject
  @ConfigProperty(name = "eclips.runs.queue.max-per-org", defaultValue = "1000")
  int maxQueuedPerOrg;

  @Inject
  @ConfigProperty(name = "eclips.runs.batch.max-input-bytes", defaultValue = "8388608")
  long maxBatchInputBytes;

  private FairRunQueue pending;
  private final AtomicLong deferred = new AtomicLong();
  private volatile boolean running;

  @Resource ManagedExecutorService executor;
  @Inject RunSteps steps;
  @Inject RunExecution single;

  @PostConstruct
  void init() {
    pending = new FairRunQueue(maxQueuedPerOrg);
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    running = true;
    for (int i = 0; i < WORKERS; i++) {
      executor.submit(this::loop);
    }
  }

  @PreDestroy
  void stop() {
    running = false;
  }

  /** {@code inputBytes}: the size of the run's input, which bounds a batch's memory. */
  public void submit(OrgId org, UUID run, long inputBytes) {
    if (!pending.offer(new FairRunQueue.Pending(org, run, inputBytes))
        && deferred.getAndIncrement() % 1000 == 0) {
      LOG.warning(
          "an org has "
              + maxQueuedPerOrg
              + " runs queued; further runs wait in the database for the recovery sweep");
    }
  }

  private void loop() {
    while (running) {
      try {
        runOnce();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "run batch loop failed; continuing", RedactedFailure.of(e));
      }
    }
  }

  /** Runs one batch; false if no run came within the idle wait. */
  boolean runOnce() throws InterruptedException {
    Map<OrgId, List<UUID>> batch = pending.take(MAX_BATCH, maxBatchInputBytes, IDLE_WAIT_MILLIS);
    if (batch.isEmpty()) {
      return false;
    }
    try {
      steps.executeBatch(batch);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "executing a batch of "
              + batch.values().stream().mapToInt(List::size).sum()
              + " runs failed; running them one by one",
          RedactedFailure.of(e));
      batch.forEach((org, runs) -> runs.forEach(run -> single.execute(org, run)));
    }
    return true;
  }
}
