package tech.eclips.workforce.audit.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.QueuedAuditEvent;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.transactions.FairQueue;
import tech.eclips.workforce.transactions.GroupCommit;

/**
 * Group commit for the audit entries of reads and denials: requests hand their entry over and
 * answer at once; one writer thread ({@link GroupCommit}) appends everything that arrived meanwhile
 * in one transaction (one fsync for many requests). Guarantee: an entry is durable about one commit
 * after its response, and on an orderly shutdown all are written; a crash can lose the entries of
 * that interval (never those of writes, which are audited inside their own transaction). Bounded in
 * all and per org ({@link FairQueue}, taken round-robin): an org over its share has its entries
 * written inline, by its own requests, and cannot crowd the others out.
 *
 * <p>Denials a flood could repeat (429s, 401s of revoked keys, 403s) are summarised: one entry per
 * key, code and minute, with the count, written once the minute is over.
 *
 * <p>Adaptive linger: once an entry waits, the writer lingers before taking the batch, in
 * proportion to how full the last batch was ({@link #lingerMillis}), up to {@code
 * eclips.audit.max-linger} (50 ms). Idle, an entry is written at once; under load the batches grow,
 * and with them the entries per org that share one chain lock and tail read in the database. The
 * crash window of reads and denials is therefore at most the linger plus one commit (README, "Audit
 * log").
 */
@ApplicationScoped
public class AuditQueue {

  private static final int RETRY_MILLIS = 1_000;
  private static final int MAX_BATCH = 2_000;
  static final int MAX_WAITING = 200_000;
  static final int MAX_WAITING_PER_ORG = MAX_WAITING / 4;
  private static final Logger LOG = Logger.getLogger(AuditQueue.class.getName());

  private record Flood(OrgId org, String keyId, Instant minute) {}

  /** A minute's 429s of one key: the first one's entry and how many there were. Immutable. */
  private record FloodCount(AuditEvent first, int count) {
    FloodCount plus(FloodCount other) {
      return new FloodCount(first, count + other.count);
    }
  }

  private final FairQueue<QueuedAuditEvent> queue =
      new FairQueue<>(MAX_WAITING_PER_ORG, MAX_WAITING, q -> 1);

  /**
   * Changed only by atomic merge and remove, so no 429 is lost or counted twice by a concurrent
   * flush.
   */
  private final Map<Flood, FloodCount> floods = new ConcurrentHashMap<>();

  private volatile boolean drained;

  /** Entries in the last batch the writer took: how loaded the queue is. */
  private volatile int lastBatch;

  /** A batch this full (or fuller) makes the writer linger the whole {@link #maxLinger}. */
  static final int LINGER_FULL_AT = 500;

  @Inject
  @ConfigProperty(name = "eclips.audit.max-linger", defaultValue = "PT0.05S")
  Duration maxLinger;

  private final GroupCommit writer =
      new GroupCommit("audit-writer", Duration.ofMillis(RETRY_MILLIS), this::writeNext);

  @Resource ManagedThreadFactory threads;
  @Inject AuditBatches batches;
  @Inject Meters meters;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    meters.auditQueue(queue::size);
    writer.start(threads, 1);
  }

  public void enqueue(OrgId org, AuditEvent event) {
    if (drained) {
      // A request that finished after the stop's drain: nobody will flush it later.
      batches.write(List.of(new QueuedAuditEvent(org, event)));
      return;
    }
    if (!queue.offer(org, new QueuedAuditEvent(org, event))) {
      LOG.warning("audit queue full for an org: writing inline");
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

  /** One round of the writer: waits up to {@code waitMillis} for an entry, then writes. */
  private void writeNext(long waitMillis) throws InterruptedException {
    if (queue.await(waitMillis)) {
      linger(
          lingerMillis(lastBatch, Math.max(0, Math.min(maxLinger.toMillis(), MAX_LINGER_MILLIS))));
    }
    flushOnce(false);
  }

  /**
   * How long to let a batch grow: the max linger in proportion to the last batch's fill ({@link
   * #LINGER_FULL_AT}), so a quiet server writes at once and a loaded one in large batches.
   */
  static long lingerMillis(int lastBatch, long maxLingerMillis) {
    return maxLingerMillis * Math.min(lastBatch, LINGER_FULL_AT) / LINGER_FULL_AT;
  }

  /** Sleeps up to {@code millis}, in steps, while the queue holds less than one batch. */
  private void linger(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (queue.size() < MAX_BATCH && !drained) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(LINGER_STEP_MILLIS, Math.max(1, left / 1_000_000)));
    }
  }

  private static final long LINGER_STEP_MILLIS = 5;

  /** The most a setting can make the writer linger: the crash window stays short. */
  static final long MAX_LINGER_MILLIS = 1_000;

  /**
   * Writes what is waiting and the floods whose minute is over (all of them with {@code all}).
   * Synchronised so that a {@link #flush()} returns only once no batch is in flight.
   */
  synchronized void flushOnce(boolean all) throws InterruptedException {
    List<QueuedAuditEvent> batch = new ArrayList<>(queue.take(MAX_BATCH, Long.MAX_VALUE, 0));
    lastBatch = batch.size();
    batch.addAll(finishedFloods(all));
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
    batch.forEach(queued -> queue.putBack(queued.org(), queued));
  }

  /**
   * Everything waiting, now: on shutdown, and for tests that read the log right after a request.
   */
  public void flush() {
    try {
      while (queue.size() > 0 || !floods.isEmpty()) {
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
      List<QueuedAuditEvent> mine = new ArrayList<>(queue.takeAll(org));
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
    drained = true;
    writer.stop(Duration.ofSeconds(5), this::flush);
  }

  @PreDestroy
  void stop() {
    if (queue.size() > 0 || !floods.isEmpty()) {
      LOG.severe("audit entries still queued after the orderly stop's drain: " + queue.size());
    }
  }
}
