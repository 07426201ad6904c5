package tech.eclips.workforce.runs.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.runs.boundary.RunSteps;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Executes accepted runs in batches: one transaction takes everything that arrived meanwhile and
 * writes each run's outcome ({@link RunSteps#executeBatch}); one commit for many runs instead of
 * two per run. Our agents are fast and deterministic, so a run goes from {@code queued} to its
 * outcome without a commit in between. If a batch transaction fails, each of its runs is executed
 * on its own ({@link RunExecution}: {@code running} committed first), so one bad run cannot hold
 * the others back.
 */
@ApplicationScoped
public class RunBatcher {

  static final int MAX_BATCH = 64;

  /** Two workers: while one waits for its commit, the other executes the next batch. */
  static final int WORKERS = 2;

  static final int LINGER_MILLIS = 2;
  private static final Logger LOG = Logger.getLogger(RunBatcher.class.getName());

  private record Pending(OrgId org, UUID run) {}

  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private volatile boolean running;

  @Resource ManagedExecutorService executor;
  @Inject RunSteps steps;
  @Inject RunExecution single;

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

  public void submit(OrgId org, UUID run) {
    pending.add(new Pending(org, run));
  }

  private void loop() {
    while (running) {
      try {
        if (!runOnce()) {
          Thread.sleep(LINGER_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "run batch loop failed; continuing", e);
      }
    }
  }

  /** Runs one batch; false if there was nothing to do. */
  boolean runOnce() {
    Map<OrgId, List<UUID>> batch = new LinkedHashMap<>();
    int size = 0;
    for (Pending next = pending.poll();
        next != null;
        next = size < MAX_BATCH ? pending.poll() : null) {
      batch.computeIfAbsent(next.org(), o -> new ArrayList<>()).add(next.run());
      size++;
    }
    if (batch.isEmpty()) {
      return false;
    }
    try {
      steps.executeBatch(batch);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "executing a batch of " + size + " runs failed; running them one by one",
          e);
      batch.forEach((org, runs) -> runs.forEach(run -> single.execute(org, run)));
    }
    return true;
  }
}
