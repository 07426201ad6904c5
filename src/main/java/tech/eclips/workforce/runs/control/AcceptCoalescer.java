package tech.eclips.workforce.runs.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.runs.boundary.AcceptBatches;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Group commit for accepts: request threads hand their prepared accept ({@link
 * OneTripAccept#argument}) to a writer, which runs every accept that arrived meanwhile, of any
 * orgs, in one transaction ({@link AcceptBatches}) and answers each request after that commit. A
 * 202 still means durable, and each accept's claim, debit, ledger row, run and audit entry still
 * commit together. An accept the batch declines wrote nothing and is judged by its request's own
 * transaction (402, budget, replay, 409, breaker); a batch that fails (one bad accept fails its
 * transaction) is retried by each request on its own, so one bad accept cannot fail the others.
 *
 * <p>Bounded: at most {@link #MAX_WAITING} accepts wait; when full, a request accepts on its own.
 * Writers run on managed threads of their own, never the request executor's. Off with {@code
 * eclips.runs.coalesce-accepts=false}.
 */
@ApplicationScoped
public class AcceptCoalescer {

  static final int MAX_BATCH = 64;
  static final int MAX_WAITING = 256;

  /** Two writers: while one waits for its commit, the other builds and sends the next batch. */
  static final int WRITERS = 2;

  private static final Logger LOG = Logger.getLogger(AcceptCoalescer.class.getName());

  /**
   * Accepted, declined (the request judges it), or not run here (the request accepts on its own).
   */
  public enum Outcome {
    ACCEPTED,
    DECLINED,
    NOT_COALESCED
  }

  private record Pending(
      OrgId org, UUID run, String argument, CompletableFuture<Outcome> outcome) {}

  private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(MAX_WAITING);
  private volatile boolean running;

  @Resource ManagedThreadFactory threads;
  @Inject AcceptBatches batches;
  @Inject RunLauncher launcher;

  @Inject
  @ConfigProperty(name = "eclips.runs.coalesce-accepts", defaultValue = "true")
  boolean enabled;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!enabled) {
      return;
    }
    running = true;
    for (int i = 0; i < WRITERS; i++) {
      Thread writer = threads.newThread(this::loop);
      writer.setName("eclips-accept-writer-" + i);
      writer.start();
    }
  }

  @PreDestroy
  void stop() {
    running = false;
  }

  /**
   * Blocks until the accept's batch has committed (or failed). The caller's transaction must not
   * have touched the database yet, so that it holds no connection while it waits.
   */
  public Outcome accept(OrgId org, UUID run, String argument) {
    if (!running) {
      return Outcome.NOT_COALESCED;
    }
    Pending accept = new Pending(org, run, argument, new CompletableFuture<>());
    if (!pending.offer(accept)) {
      return Outcome.NOT_COALESCED;
    }
    if (!running && pending.remove(accept)) {
      return Outcome.NOT_COALESCED;
    }
    return accept.outcome().join();
  }

  private void loop() {
    while (running || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Pending> batch = new ArrayList<>(MAX_BATCH);
          batch.add(first);
          pending.drainTo(batch, MAX_BATCH - 1);
          write(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.forEach(p -> p.outcome().complete(Outcome.NOT_COALESCED));
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "accept writer failed; continuing", RedactedFailure.of(e));
      }
    }
  }

  /** One transaction for the batch; every waiting request is answered whatever happens. */
  private void write(List<Pending> batch) {
    // the orgs' rows and chain locks are taken in one order by every batch: no deadlock between
    // the writers
    batch.sort(Comparator.comparing(p -> p.org().value()));
    String outcomes;
    try {
      outcomes =
          batches.acceptAll(
              batch.stream().map(Pending::argument).collect(Collectors.joining(",", "[", "]")));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "a batch of " + batch.size() + " accepts failed; each request accepts on its own",
          RedactedFailure.of(e));
      batch.forEach(p -> p.outcome().complete(Outcome.NOT_COALESCED));
      return;
    }
    List<Pending> accepted = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending accept = batch.get(i);
      boolean committed = i < outcomes.length() && outcomes.charAt(i) == 't';
      accept.outcome().complete(committed ? Outcome.ACCEPTED : Outcome.DECLINED);
      if (committed) {
        accepted.add(accept);
      }
    }
    // launched only once every request is answered: a failing launch cannot leave one waiting;
    // the argument holds the run's input, so its length bounds the input's size for the batcher
    accepted.forEach(p -> launcher.launch(p.org(), p.run(), p.argument().length()));
  }
}
