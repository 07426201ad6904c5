package tech.eclips.workforce.metrics.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.transactions.AfterCommit;

/**
 * Every metric the application reports, by name (docs/operations.md, "Metrics"). Callers say what
 * happened; this class owns names and labels and keeps the counts itself, in adders, so the request
 * path depends on no metrics API and the same WAR deploys on servers with and without one. Each
 * series is also handed to the server's metrics system where there is one ({@link MetricsExport}:
 * Open Liberty's MicroProfile Metrics, which serves {@code /metrics}); where there is none
 * (WildFly), the application serves them itself ({@link #prometheusText}). Counters of the request
 * path are found without allocating; counts of transactional work (runs, credits, breakers) move
 * only when the transaction commits, so a rolled-back or retried batch is never counted twice.
 */
@ApplicationScoped
public class Meters {

  /** The media type of {@link #prometheusText}: Prometheus' text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = PrometheusText.CONTENT_TYPE;

  static final String REQUESTS = "eclips_http_requests";
  static final String DENIALS = "eclips_ring_denials";
  static final String RATE_LIMITED = "eclips_rate_limited";
  static final String KEY_LOOKUPS = "eclips_key_cache_lookups";
  static final String KEY_MISSES = "eclips_key_cache_misses";
  static final String AUDIT_QUEUE = "eclips_audit_queue_depth";
  static final String AUDIT_FLUSH = "eclips_audit_flush";
  static final String RUNS_ACCEPTED = "eclips_runs_accepted";
  static final String RUNS_FINISHED = "eclips_runs_finished";
  static final String RUN_ACCEPT_PATHS = "eclips_run_accept_paths";
  static final String CREDITS_DEBITED = "eclips_credits_debited";
  static final String CREDITS_REFUNDED = "eclips_credits_refunded";
  static final String BREAKER_TRANSITIONS = "eclips_breaker_transitions";
  static final String WEBHOOK_DELIVERIES = "eclips_webhook_deliveries";
  static final String WEBHOOK_LATENCY = "eclips_webhook_delivery_latency";
  static final String WEBHOOK_QUEUE = "eclips_webhook_queue_depth";

  @Inject Instance<MetricsExport> exports;
  @Resource TransactionSynchronizationRegistry transactions;

  /** Liberty's timer buckets (microprofile-config.properties), kept alike where we render. */
  @Inject
  @ConfigProperty(name = "mp.metrics.distribution.timer.buckets")
  Optional<String> timerBuckets;

  private final Map<Method, Route> routes = new ConcurrentHashMap<>();
  private final Route unmatched = new Route(Route.UNMATCHED);
  private final Map<String, Tally> labelled = new ConcurrentHashMap<>();
  private final Map<String, Route> fixedRoutes = new ConcurrentHashMap<>();
  private final Queue<Tally> tallies = new ConcurrentLinkedQueue<>();
  private final Map<String, PrometheusText.Gauge> gauges = new ConcurrentHashMap<>();
  private final Queue<Durations> timers = new ConcurrentLinkedQueue<>();
  private List<MetricsExport> servers = List.of();
  private Tally keyLookups;
  private Tally keyMisses;
  private Tally debited;
  private Tally refunded;
  private Durations auditFlush;
  private Durations webhookLatency;

  @PostConstruct
  void register() {
    // Resolved once: beans whose metrics API the server lacks were never discovered.
    register(exports.stream().toList(), timerBuckets.orElse(""));
  }

  void register(List<MetricsExport> servers, String bucketSetting) {
    this.servers = servers;
    // a server's timer makes its own buckets; only the application's rendering needs these
    TimerBuckets buckets = TimerBuckets.parse(servers.isEmpty() ? bucketSetting : "");
    keyLookups = tally(KEY_LOOKUPS, "API keys presented in a valid format and looked up by digest");
    keyMisses = tally(KEY_MISSES, "Key lookups the cache could not answer: a database read");
    debited = tally(CREDITS_DEBITED, "Credits charged for accepted runs");
    refunded = tally(CREDITS_REFUNDED, "Credits given back for failed runs");
    String flush = "One group commit of queued audit entries";
    auditFlush = timer(AUDIT_FLUSH, flush, buckets);
    String latency = "One webhook delivery attempt that reached a receiver, connect to response";
    webhookLatency = timer(WEBHOOK_LATENCY, latency, buckets);
  }

  /**
   * Whether the server serves these series itself (Liberty's mpMetrics at {@code /metrics}); if
   * not, the application does, from {@link #prometheusText}.
   */
  public boolean servedByTheServer() {
    return !servers.isEmpty();
  }

  /** Every series as Prometheus text, for a server that serves none of its own. */
  public String prometheusText() {
    return PrometheusText.render(tallies, gauges.values(), timers);
  }

  /** The route of a path the application serves outside JAX-RS (a servlet). */
  public Route route(String template) {
    return fixedRoutes.computeIfAbsent(template, Route::new);
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
    counted.counter(method, status, this::requestCounter).increment();
  }

  private Tally requestCounter(String route, String method, String status) {
    return labelled.computeIfAbsent(
        REQUESTS + ' ' + route + ' ' + method + ' ' + status,
        k ->
            tally(
                REQUESTS,
                "HTTP requests by route template, method and status",
                "route",
                route,
                "method",
                method,
                "status",
                status));
  }

  /** A /v1 request refused by a step of the ring, by its problem code. */
  public void denial(String code) {
    labelled(DENIALS, "/v1 requests refused by a ring step, by problem code", "code", code)
        .increment();
  }

  /** A 429: {@code per_key} (the key's limit) or {@code per_address} (failed authentications). */
  public void rateLimited(String limiter) {
    labelled(RATE_LIMITED, "Requests answered 429, by limiter", "limiter", limiter).increment();
  }

  public void keyLookup() {
    keyLookups.increment();
  }

  public void keyCacheMiss() {
    keyMisses.increment();
  }

  /** The group commit's waiting entries, read when scraped. */
  public void auditQueue(Supplier<Number> depth) {
    gauge(AUDIT_QUEUE, "Audit entries of reads and denials waiting for the group commit", depth);
  }

  public void auditFlushed(long nanos) {
    auditFlush.record(nanos);
  }

  public void runAccepted(String agentType) {
    afterCommit(
        labelled(RUNS_ACCEPTED, "Runs accepted (202), by agent type", "agent_type", agentType));
  }

  /**
   * How an accepted run's accept was written: {@code batch} (group commit) or {@code
   * own_transaction} (the request's own: no batch, or a breaker's trial).
   */
  public void runAcceptPath(String path) {
    afterCommit(
        labelled(
            RUN_ACCEPT_PATHS,
            "Runs accepted (202), by how the accept was written: batch, own_transaction",
            "path",
            path));
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
    afterCommit(() -> debited.add(amount));
  }

  public void creditsRefunded(long amount) {
    afterCommit(() -> refunded.add(amount));
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

  /**
   * One delivery attempt: {@code succeeded} (2xx), {@code failed} (any other answer, none, a
   * timeout) or {@code refused} (the destination check); never an org label.
   */
  public void webhookDelivery(String outcome, long latencyNanos, boolean reachedReceiver) {
    labelled(
            WEBHOOK_DELIVERIES,
            "Webhook delivery attempts, by outcome: succeeded, failed, refused",
            "outcome",
            outcome)
        .increment();
    if (reachedReceiver) {
      webhookLatency.record(latencyNanos);
    }
  }

  /** Deliveries waiting to be sent or retried, all orgs together, read when scraped. */
  public void webhookQueue(Supplier<Number> depth) {
    gauge(WEBHOOK_QUEUE, "Webhook deliveries waiting to be sent or retried", depth);
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    gauges.put(name, new PrometheusText.Gauge(name, description, value));
    for (MetricsExport server : servers) {
      server.gauge(name, description, value);
    }
  }

  private Tally labelled(String name, String description, String label, String value) {
    Tally tally = labelled.get(name + ' ' + value);
    return tally != null
        ? tally
        : labelled.computeIfAbsent(name + ' ' + value, k -> tally(name, description, label, value));
  }

  private Tally labelled2(
      String name, String description, String label1, String value1, String label2, String value2) {
    return labelled.computeIfAbsent(
        name + ' ' + value1 + ' ' + value2,
        k -> tally(name, description, label1, value1, label2, value2));
  }

  private Tally tally(String name, String description, String... labels) {
    Tally tally =
        new Tally(
            Series.of(name, description, labels),
            exported(server -> server.counter(name, description, labels)));
    tallies.add(tally);
    return tally;
  }

  private Durations timer(String name, String description, TimerBuckets buckets) {
    Durations timer =
        new Durations(
            name,
            description,
            buckets.of(name),
            exported(server -> server.timer(name, description)));
    timers.add(timer);
    return timer;
  }

  /** This application's own count of a series ({@code name}, then its label values), for tests. */
  long count(String name, String... values) {
    return switch (name) {
      case KEY_LOOKUPS -> keyLookups.count();
      case KEY_MISSES -> keyMisses.count();
      case CREDITS_DEBITED -> debited.count();
      case CREDITS_REFUNDED -> refunded.count();
      default -> {
        Tally tally = labelled.get(name + ' ' + String.join(" ", values));
        yield tally == null ? 0 : tally.count();
      }
    };
  }

  /** What each server's metrics system takes, called in turn; nothing without one. */
  private LongConsumer exported(Function<MetricsExport, LongConsumer> series) {
    LongConsumer all = Tally.NOWHERE;
    for (MetricsExport server : servers) {
      LongConsumer one = series.apply(server);
      all = all == Tally.NOWHERE ? one : all.andThen(one);
    }
    return all;
  }

  private void afterCommit(Tally counter) {
    afterCommit(counter::increment);
  }

  /** Runs now outside a transaction; inside one, only once it has committed. */
  private void afterCommit(Runnable count) {
    AfterCommit.run(transactions, count);
  }
}
