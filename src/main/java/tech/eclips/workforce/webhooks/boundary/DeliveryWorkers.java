package tech.eclips.workforce.webhooks.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.webhooks.control.AttemptResult;
import tech.eclips.workforce.webhooks.control.DeliverySettings;
import tech.eclips.workforce.webhooks.control.WebhookMessage;
import tech.eclips.workforce.webhooks.control.WebhookPost;

/**
 * Delivers webhooks on every node, at least once. Each {@code poll-interval} one managed thread (1)
 * fans new events out into deliveries (V29 {@code webhook_fan_out}: one node at a time, behind the
 * cursor's row lock) and (2) claims as many due deliveries as this node has free senders ({@code
 * webhook_claim}: one claimer at a time across the cluster, at most one in flight per endpoint and
 * {@code max-in-flight-per-org} per org, each leased). The senders, a fixed pool of managed
 * threads, sign, send and record each one ({@link DeliverySteps}). A slow receiver thus holds at
 * most its org's share of senders, never another org's deliveries. Nothing is held only in memory:
 * a delivery in flight at a stop or a crash is claimed again once its lease lapses.
 */
@ApplicationScoped
public class DeliveryWorkers {

  private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class.getName());

  /** Events fanned out per statement, and statements per tick at most. */
  static final int FAN_OUT_BATCH = 500;

  static final int FAN_OUT_ROUNDS = 4;
  private static final long DEPTH_EVERY_MILLIS = 5_000;

  @Resource ManagedThreadFactory threads;
  @Inject PlatformDatabase platform;
  @Inject DeliverySettings settings;
  @Inject DeliverySteps steps;
  @Inject WebhookPost post;
  @Inject Meters meters;

  private ScheduledThreadPoolExecutor ticker;
  private ThreadPoolExecutor senders;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong depth = new AtomicLong();
  private volatile long depthReadAt;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!settings.enabled()) {
      LOG.info("webhook delivery is off on this node (eclips.webhooks.delivery.enabled=false)");
      return;
    }
    int size = settings.threads();
    senders =
        new ThreadPoolExecutor(
            size, size, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(size), threads);
    ticker = new ScheduledThreadPoolExecutor(1, threads);
    ticker.scheduleWithFixedDelay(
        this::tick, 1_000, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    meters.webhookQueue(depth::get);
  }

  /** Deliveries in flight keep their lease: another node (or this one, restarted) sends them. */
  @PreDestroy
  void stop() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    senders.shutdown();
    try {
      if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void tick() {
    try {
      fanOut();
      claimAndSend();
      readDepth();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a webhook delivery round failed; next round", RedactedFailure.of(e));
    }
  }

  private void fanOut() {
    for (int round = 0; round < FAN_OUT_ROUNDS; round++) {
      List<Object[]> rows = platform.query("SELECT eclips_gate.webhook_fan_out(?)", FAN_OUT_BATCH);
      Object count = rows.get(0)[0];
      if (!(count instanceof Number n) || n.intValue() < FAN_OUT_BATCH) {
        return;
      }
    }
  }

  private void claimAndSend() {
    int free = settings.threads() - inFlight.get();
    if (free <= 0) {
      return;
    }
    List<Object[]> claimed =
        platform.query(
            "SELECT org_id, delivery_id FROM eclips_gate.webhook_claim(?, ?, CAST(? AS interval))",
            free,
            settings.maxPerOrg(),
            settings.lease().toMillis() + " milliseconds");
    for (Object[] row : claimed) {
      OrgId org = new OrgId(UUID.fromString(row[0].toString()));
      UUID delivery = UUID.fromString(row[1].toString());
      inFlight.incrementAndGet();
      try {
        senders.execute(() -> deliver(org, delivery));
      } catch (RuntimeException rejected) {
        // stopping: the lease lapses and a node sends it later
        inFlight.decrementAndGet();
      }
    }
  }

  private void deliver(OrgId org, UUID delivery) {
    try {
      Optional<WebhookMessage> message = steps.prepare(org, delivery, Instant.now());
      if (message.isEmpty()) {
        return;
      }
      AttemptResult result = post.send(message.get());
      meters.webhookDelivery(
          result.outcome(),
          TimeUnit.MILLISECONDS.toNanos(result.latencyMillis()),
          result.status() != null);
      steps.record(org, delivery, result, Instant.now());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "a webhook delivery failed on our side; it is sent again when its lease lapses",
          RedactedFailure.of(e));
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void readDepth() {
    long now = System.currentTimeMillis();
    if (now - depthReadAt < DEPTH_EVERY_MILLIS) {
      return;
    }
    depthReadAt = now;
    Object value = platform.query("SELECT eclips_gate.webhook_queue_depth()").get(0)[0];
    depth.set(value instanceof Number n ? n.longValue() : 0);
  }
}
