package tech.eclips.workforce.runs.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.transactions.FairQueue;

/**
 * Accepted runs waiting for execution ({@code RunWorkers} take them in batches). Fair and bounded
 * per org ({@link FairQueue}): at most {@code eclips.runs.queue.max-per-org} runs of an org wait
 * here (a run past it stays {@code queued} in the database and {@code RunRecovery} launches it
 * later), and a batch takes the orgs' runs in turn, bounded in runs and input bytes.
 */
@ApplicationScoped
public class RunQueue {

  /** A run to execute; {@code inputBytes}, the size of its input, bounds a batch's memory. */
  public record Pending(OrgId org, UUID run, long inputBytes) {}

  private static final Logger LOG = Logger.getLogger(RunQueue.class.getName());

  @Inject
  @ConfigProperty(name = "eclips.runs.queue.max-per-org", defaultValue = "1000")
  int maxQueuedPerOrg;

  private FairQueue<Pending> pending;
  private final AtomicLong deferred = new AtomicLong();

  @PostConstruct
  void init() {
    pending = new FairQueue<>(maxQueuedPerOrg, Integer.MAX_VALUE, Pending::inputBytes);
  }

  public void submit(OrgId org, UUID run, long inputBytes) {
    if (!pending.offer(org, new Pending(org, run, inputBytes))
        && deferred.getAndIncrement() % 1000 == 0) {
      LOG.warning(
          "an org has "
              + maxQueuedPerOrg
              + " runs queued; further runs wait in the database for the recovery sweep");
    }
  }

  /** The workers' side: the next batch, waiting up to {@code waitMillis} for a first run. */
  public FairQueue<Pending> pending() {
    return pending;
  }
}
