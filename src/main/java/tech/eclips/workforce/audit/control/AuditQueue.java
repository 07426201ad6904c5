package tech.eclips.workforce.audit.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.audit.boundary.AuditBatches;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Group commit for the audit entries of reads and denials: requests hand their entry over and
 * answer at once; one writer thread appends everything that arrived meanwhile in one transaction
 * (one fsync for many requests). Guarantee: an entry is durable within about {@link #LINGER_MILLIS}
 * ms of its response, and on an orderly shutdown all are written; a crash can lose the last such
 * interval of read/denial entries (never those of writes, which are audited inside their own
 * transaction).
 *
 * <p>Denials a flood could repeat (429s, 401s of revoked keys, 403s) are summarised: one entry per
 * key, code and minute, with the count, written once the minute is over.
 */
@ApplicationScoped
public class AuditQueue {

  static final int LINGER_MILLIS = 10;
  private static final int RETRY_MILLIS = 1_000;
  private static final int MAX_BATCH = 2_000;
  private static final Logger LOG = Logger.getLogger(AuditQueue.class.getName());

  private record Flood(OrgId org, String keyId, Instant minute) {}

  /** A minute's 429s of one key: the first one's entry and how many there were. Immutable. */
  private record FloodCount(AuditEvent first, int count) {
    FloodCount plus(FloodCount other) {
      return new FloodCount(first, count + other.count);
    }
  }

  /** Lock-free hand-off from request threads; bounded by {@link #MAX_WAITING}. */
  private final Queue<QueuedAuditEvent> queue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger waiting = new AtomicInteger();
  private static final int MAX_WAITING = 200_000;

  /**
   * Changed only by atomic merge and remove, so no 429 is lost or counted twice by a concurrent
   * flush.
   */
  private final Map<Flood, FloodCount> floods = new ConcurrentHashMap<>();

  private volatile boolean running;
  private volatile boolean drained;

  @Resource ManagedExecutorService executor;
  @Inject AuditBatches batches;
  @Inject Meters meters;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    running = true;
    meters.auditQueue(waiting::get);
    executor.submit(this::drainLoop);
  }

  public void enqueue(OrgId org, AuditEvent event) {
    if (drained) {
      // A request that finished after the stop's drain: nobody will flush it later.
      batches.write(List.of(new QueuedAuditEvent(org, event)));
      return;
    }
    if (waiting.incrementAndGet() <= MAX_WAITING) {
      queue.add(new QueuedAuditEvent(org, event));
    } else {
      waiting.decrementAndGet();
      LOG.warning("audit queue full: writing inline");
      batches.write(List.of(new QueuedAuditEvent(org, event)));
    }
  }

  /**
   * A denial that floods could repeat (429, 401 for a revoked key, 403): counted, and written as
   * one entry per key, code and minute once that minute is over.
   */
  public void summarised(OrgId org, String keyId, AuditEvent event) {
    if (drained) {
      enqueue(org, event);
      return;
    }
    Flood flood =
        new Flood(org, keyId + " " + event.code(), Instant.now().truncatedTo(ChronoUnit.MINUTES));
    floods.merge(flood, new FloodCount(event, 1), FloodCount::plus);
  }

  private void drainLoop() {
    while (running) {
      try {
        flushOnce(false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(
            Level.SEVERE,
            "audit batch failed; entries are retried in a second",
            RedactedFailure.of(e));
        try {
          Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Writes what is waiting (blocking up to the linger time for the first entry). Synchronised so
   * that a {@link #flush()} returns only once no batch is in flight.
   */
  synchronized void flushOnce(boolean all) throws InterruptedException {
    List<QueuedAuditEvent> batch = new ArrayList<>();
    if (!all && queue.isEmpty()) {
      Thread.sleep(LINGER_MILLIS);
    }
    for (QueuedAuditEvent next = queue.poll();
        next != null;
        next = batch.size() < MAX_BATCH ? queue.poll() : null) {
      batch.add(next);
    }
    waiting.addAndGet(-batch.size());
    List<QueuedAuditEvent> summaries = finishedFloods(all);
    batch.addAll(summaries);
    if (batch.isEmpty()) {
      return;
    }
    try {
      long began = System.nanoTime();
      batches.write(batch);
      meters.auditFlushed(System.nanoTime() - began);
    } catch (RuntimeException e) {
      requeue(batch);
      throw e;
    }
  }

  private List<QueuedAuditEvent> finishedFloods(boolean all) {
    Instant thisMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<QueuedAuditEvent> entries = new ArrayList<>();
    for (Flood flood : List.copyOf(floods.keySet())) {
      if (all || flood.minute().isBefore(thisMinute)) {
        FloodCount taken = floods.remove(flood);
        if (taken != null) {
          entries.add(new QueuedAuditEvent(flood.org(), taken.first().times(taken.count())));
        }
      }
    }
    return entries;
  }

  private void requeue(List<QueuedAuditEvent> batch) {
    waiting.addAndGet(batch.size());
    queue.addAll(batch);
  }

  /**
   * Everything waiting, now: on shutdown, and for tests that read the log right after a request.
   */
  public void flush() {
    try {
      while (!queue.isEmpty() || !floods.isEmpty()) {
        flushOnce(true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One org's waiting entries and flood summaries, now, and nobody else's: verify checks what its
   * org did up to the call without forcing the group commit for every org. Costs one pass over the
   * queue and one transaction holding this org's entries only; holds the writer's lock meanwhile,
   * so the org's entries cannot be reordered by a batch in flight.
   */
  public void flush(OrgId org) {
    synchronized (this) {
      List<QueuedAuditEvent> mine = new ArrayList<>();
      for (Iterator<QueuedAuditEvent> it = queue.iterator(); it.hasNext(); ) {
        QueuedAuditEvent next = it.next();
        if (next.org().equals(org)) {
          it.remove(); // safe: only holders of this lock ever take from the queue
          mine.add(next);
        }
      }
      waiting.addAndGet(-mine.size());
      for (Flood flood : List.copyOf(floods.keySet())) {
        FloodCount taken = flood.org().equals(org) ? floods.remove(flood) : null;
        if (taken != null) {
          mine.add(new QueuedAuditEvent(org, taken.first().times(taken.count())));
        }
      }
      if (mine.isEmpty()) {
        return;
      }
      try {
        batches.write(mine);
      } catch (RuntimeException e) {
        requeue(mine);
        throw e;
      }
    }
  }

  /** The last flush, at an orderly stop: no batch is in flight afterwards, and none starts. */
  public void drainAndStop() {
    running = false;
    drained = true;
    flush();
  }

  @PreDestroy
  void stop() {
    running = false;
    if (!queue.isEmpty() || !floods.isEmpty()) {
      LOG.severe("audit entries still queued after the orderly stop's drain: " + waiting.get());
    }
  }
}
