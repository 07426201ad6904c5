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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.runs.control.Accept;
import tech.eclips.workforce.runs.control.AcceptOutcome;
import tech.eclips.workforce.runs.control.AcceptReason;
import tech.eclips.workforce.runs.control.RunLauncher;
import tech.eclips.workforce.transactions.FairQueue;
import tech.eclips.workforce.transactions.GroupCommit;

/**
 * Group commit for accepts: request threads hand their prepared accept to a writer, which decides
 * every accept that arrived meanwhile, of any orgs, in one transaction ({@link AcceptBatches}) and
 * answers each request after that commit. A 202 still means durable, and each accept's claim,
 * debit, ledger row, run and audit entry still commit together. A batch that fails (one bad accept
 * fails its transaction) is retried by each request on its own, so one bad accept cannot fail the
 * others.
 *
 * <p>Bounded: at most {@link #MAX_WAITING} accepts wait, taken round-robin by org; when full, a
 * request accepts on its own. A request waits at most {@code eclips.runs.accept-wait-millis} for
 * its batch: then 503 {@code server_busy} with {@code Retry-After} (an accept still waiting is
 * withdrawn; one in a batch in flight may still commit, which an Idempotency-Key makes safe to
 * retry). Off with {@code eclips.runs.coalesce-accepts=false}.
 */
@ApplicationScoped
public class AcceptCoalescer {

  static final int MAX_BATCH = 64;
  static final int MAX_WAITING = 256;

  /** Two writers: while one waits for its commit, the other builds and sends the next batch. */
  static final int WRITERS = 2;

  private static final Logger LOG = Logger.getLogger(AcceptCoalescer.class.getName());

  /** Empty: not decided here (the request accepts on its own). */
  private record Pending(
      Accept accept, long inputBytes, CompletableFuture<Optional<AcceptOutcome>> outcome) {}

  private final FairQueue<Pending> pending = new FairQueue<>(MAX_WAITING, MAX_WAITING, p -> 1);
  private final GroupCommit writers =
      new GroupCommit("accept-writer", Duration.ofMillis(100), this::writeNext);

  @Resource ManagedThreadFactory threads;
  @Inject AcceptBatches batches;
  @Inject RunLauncher launcher;

  @Inject
  @ConfigProperty(name = "eclips.runs.coalesce-accepts", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "eclips.runs.accept-wait-millis", defaultValue = "10000")
  long waitMillis;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (enabled) {
      writers.start(threads, WRITERS);
    }
  }

  @PreDestroy
  void stop() {
    writers.stop(Duration.ofSeconds(5), this::drain);
  }

  /**
   * Waits, boundedly, until the accept's batch has committed (or failed). The caller's transaction
   * must not have touched the database yet, so that it holds no connection while it waits.
   */
  public Optional<AcceptOutcome> accept(Accept accept, long inputBytes) {
    Pending mine = new Pending(accept, inputBytes, new CompletableFuture<>());
    if (!writers.running() || !pending.offer(accept.org(), mine)) {
      return Optional.empty();
    }
    if (!writers.running() && pending.remove(accept.org(), mine)) {
      return Optional.empty();
    }
    try {
      return mine.outcome().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.remove(accept.org(), mine);
      throw Problems.serverBusy(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problems.serverBusy(1);
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }

  private void writeNext(long waitMillis) throws InterruptedException {
    List<Pending> batch = pending.take(MAX_BATCH, Long.MAX_VALUE, waitMillis);
    if (!batch.isEmpty()) {
      write(new ArrayList<>(batch));
    }
  }

  private static boolean accepted(AcceptOutcome outcome) {
    return outcome != null && outcome.reason() == AcceptReason.ACCEPTED;
  }

  private void drain() {
    for (List<Pending> rest = pending.takeAll(); !rest.isEmpty(); rest = pending.takeAll()) {
      rest.forEach(p -> p.outcome().complete(Optional.empty()));
    }
  }

  /** One transaction for the batch; every waiting request is answered whatever happens. */
  private void write(List<Pending> batch) {
    // every batch takes the orgs' rows and chain locks in one order: no deadlock between writers
    batch.sort(Comparator.comparing(p -> p.accept().org().value()));
    Map<UUID, AcceptOutcome> outcomes;
    try {
      outcomes = batches.acceptAll(batch.stream().map(Pending::accept).toList());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "a batch of " + batch.size() + " accepts failed; each request accepts on its own",
          RedactedFailure.of(e));
      batch.forEach(p -> p.outcome().complete(Optional.empty()));
      return;
    }
    batch.forEach(
        p -> p.outcome().complete(Optional.ofNullable(outcomes.get(p.accept().run().id()))));
    // launched only once every request is answered: a failing launch cannot leave one waiting
    batch.stream()
        .filter(p -> accepted(outcomes.get(p.accept().run().id())))
        .forEach(p -> launcher.launch(p.accept().org(), p.accept().run().id(), p.inputBytes()));
  }
}
