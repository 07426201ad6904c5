package tech.eclips.workforce.metrics.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Every metric the application reports, by name (README, "Metrics"). Callers say what happened;
 * this class owns names, labels and the MicroProfile Metrics API. Counters of the request path are
 * found without allocating; counts of transactional work (runs, credits, breakers) move only when
 * the transaction commits, so a rolled-back or retried batch is never counted twice.
 */
@ApplicationScoped
public class Meters {

  static final String REQUESTS = "eclips_http_requests";
  static final String DENIALS = "eclips_ring_denials";
  static final String RATE_LIMITED = "eclips_rate_limited";
  static final String KEY_LOOKUPS = "eclips_key_cache_lookups";
  static final String KEY_MISSES = "eclips_key_cache_misses";
  static final String AUDIT_QUEUE = "eclips_audit_queue_depth";
  static final String AUDIT_FLUSH = "eclips_audit_flush";
  static final String RUNS_ACCEPTED = "eclips_runs_accepted";
  static final String RUNS_FINISHED = "eclips_runs_finished";
  static final String CREDITS_DEBITED = "eclips_credits_debited";
  static final String CREDITS_REFUNDED = "eclips_credits_refunded";
  static final String BREAKER_TRANSITIONS = "eclips_breaker_transitions";

  @Inject MetricRegistry registry;
  @Resource TransactionSynchronizationRegistry transactions;

  private final Map<Method, Route> routes = new ConcurrentHashMap<>();
  private final Route unmatched = new Route(Route.UNMATCHED);
  private final Map<String, Counter> labelled = new ConcurrentHashMap<>();
  private Counter keyLookups;
  private Counter keyMisses;
  private Counter debited;
  private Counter refunded;
  private Timer auditFlush;

  @PostConstruct
  void register() {
    keyLookups =
        registry.counter(
            meta(KEY_LOOKUPS, "API keys presented in a valid format and looked up by digest"));
    keyMisses =
        registry.counter(
            meta(KEY_MISSES, "Key lookups the cache could not answer: a database read"));
    debited = registry.counter(meta(CREDITS_DEBITED, "Credits charged for accepted runs"));
    refunded = registry.counter(meta(CREDITS_REFUNDED, "Credits given back for failed runs"));
    auditFlush =
        registry.timer(
            Metadata.builder()
                .withName(AUDIT_FLUSH)
                .withDescription("One group commit of queued audit entries")
                .withUnit(MetricUnits.SECONDS)
                .build());
  }

  /** The route of a resource method: its template, found once per method. */
  public Route route(Class<?> resource, Method method) {
    Route route = routes.get(method);
    return route != null
        ? route
        : routes.computeIfAbsent(method, m -> new Route(RouteTemplates.of(resource, m)));
  }

  /** A finished request; {@code route} is null when JAX-RS never chose a resource method. */
  public void request(Object route, String method, int status) {
    Route counted = route instanceof Route r ? r : unmatched;
    counted.counter(method, status, this::requestCounter).inc();
  }

  private Counter requestCounter(String route, String method, String status) {
    return registry.counter(
        meta(REQUESTS, "HTTP requests by route template, method and status"),
        new Tag("route", route),
        new Tag("method", method),
        new Tag("status", status));
  }

  /** A /v1 request refused by a step of the ring, by its problem code. */
  public void denial(String code) {
    labelled(DENIALS, "/v1 requests refused by a ring step, by problem code", "code", code).inc();
  }

  /** A 429: {@code per_key} (the key's limit) or {@code per_address} (failed authentications). */
  public void rateLimited(String limiter) {
    labelled(RATE_LIMITED, "Requests answered 429, by limiter", "limiter", limiter).inc();
  }

  public void keyLookup() {
    keyLookups.inc();
  }

  public void keyCacheMiss() {
    keyMisses.inc();
  }

  /** The group commit's waiting entries, read when scraped. */
  public void auditQueue(Supplier<Number> depth) {
    registry.gauge(
        meta(AUDIT_QUEUE, "Audit entries of reads and denials waiting for the group commit"),
        depth);
  }

  public void auditFlushed(long nanos) {
    auditFlush.update(Duration.ofNanos(nanos));
  }

  public void runAccepted(String agentType) {
    afterCommit(
        labelled(RUNS_ACCEPTED, "Runs accepted (202), by agent type", "agent_type", agentType));
  }

  /** A run's outcome: {@code succeeded}, {@code awaiting_review} or {@code failed}. */
  public void runFinished(String agentType, String status) {
    afterCommit(
        labelled2(
            RUNS_FINISHED,
            "Runs whose execution ended, by agent type and status",
            "agent_type",
            agentType,
            "status",
            status));
  }

  public void creditsDebited(long amount) {
    afterCommit(() -> debited.inc(amount));
  }

  public void creditsRefunded(long amount) {
    afterCommit(() -> refunded.inc(amount));
  }

  /** A circuit breaker moved: {@code to} is {@code open}, {@code half_open}, {@code closed}. */
  public void breakerTransition(String agentType, String to) {
    afterCommit(
        labelled2(
            BREAKER_TRANSITIONS,
            "Circuit breaker state changes, by agent type and new state",
            "agent_type",
            agentType,
            "to",
            to));
  }

  private Counter labelled(String name, String description, String label, String value) {
    Counter counter = labelled.get(name + ' ' + value);
    return counter != null
        ? counter
        : labelled.computeIfAbsent(
            name + ' ' + value,
            k -> registry.counter(meta(name, description), new Tag(label, value)));
  }

  private Counter labelled2(
      String name, String description, String label1, String value1, String label2, String value2) {
    return labelled.computeIfAbsent(
        name + ' ' + value1 + ' ' + value2,
        k ->
            registry.counter(
                meta(name, description), new Tag(label1, value1), new Tag(label2, value2)));
  }

  private void afterCommit(Counter counter) {
    afterCommit(counter::inc);
  }

  /** Runs now outside a transaction; inside one, only once it has committed. */
  private void afterCommit(Runnable count) {
    if (transactions.getTransactionKey() == null) {
      count.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              count.run();
            }
          }
        });
  }

  private static Metadata meta(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }
}
