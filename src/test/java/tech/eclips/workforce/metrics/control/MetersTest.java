package tech.eclips.workforce.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Meters counts on its own and hands each series, once, to every server metrics system present. */
class MetersTest {

  /** A server metrics system: its series by name and labels, and what reached each. */
  static final class Recorder implements MetricsExport {
    final Map<String, LongAdder> series = new ConcurrentHashMap<>();
    final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();
    final List<Long> durations = new ArrayList<>();

    @Override
    public LongConsumer counter(String name, String description, String... labels) {
      LongAdder adder = new LongAdder();
      LongAdder earlier = series.putIfAbsent(name + List.of(labels), adder);
      assertNull(earlier, "registered twice: " + name + List.of(labels));
      return adder::add;
    }

    @Override
    public LongConsumer timer(String name, String description) {
      return durations::add;
    }

    @Override
    public void gauge(String name, String description, Supplier<Number> value) {
      gauges.put(name, value);
    }

    long count(String key) {
      LongAdder adder = series.get(key);
      return adder == null ? -1 : adder.sum();
    }
  }

  /** A transaction that is open until the test ends it. */
  static final class OneTransaction implements TransactionSynchronizationRegistry {
    Object key = "tx";
    final List<Synchronization> synchronizations = new ArrayList<>();

    void end(int status) {
      synchronizations.forEach(s -> s.afterCompletion(status));
      synchronizations.clear();
      key = null;
    }

    @Override
    public Object getTransactionKey() {
      return key;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      synchronizations.add(sync);
    }

    @Override
    public void putResource(Object k, Object v) {}

    @Override
    public Object getResource(Object k) {
      return null;
    }

    @Override
    public int getTransactionStatus() {
      return key == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
    }

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }

  private static Meters meters(List<MetricsExport> servers) {
    Meters meters = new Meters();
    meters.transactions = new OneTransaction();
    meters.register(servers, "eclips_webhook_delivery_latency=50ms,1s");
    return meters;
  }

  @Test
  void requestsAreCountedBySeriesOnItsOwnAndInTheServersCounter() throws Exception {
    Recorder server = new Recorder();
    Meters meters = meters(List.of(server));
    Route me = meters.route(Object.class, Object.class.getMethod("toString"));
    for (int i = 0; i < 3; i++) {
      meters.request(me, "GET", 200);
    }
    meters.request(me, "BREW", 200);
    meters.request(null, "GET", 404);

    String route = me.template();
    assertEquals(3, meters.count(Meters.REQUESTS, route, "GET", "200"));
    assertEquals(
        3, server.count("eclips_http_requests[route, " + route + ", method, GET, status, 200]"));
    assertEquals(
        1, server.count("eclips_http_requests[route, " + route + ", method, other, status, 200]"));
    assertEquals(
        1, server.count("eclips_http_requests[route, unmatched, method, GET, status, 404]"));
    assertEquals(1, meters.count(Meters.REQUESTS, "unmatched", "GET", "404"));
  }

  @Test
  void withoutAServerMetricsSystemEverySeriesStillCounts() {
    Meters meters = meters(List.of());
    meters.keyLookup();
    meters.keyLookup();
    meters.keyCacheMiss();
    meters.denial("rate_limited");
    meters.rateLimited("per_key");
    meters.request(null, "POST", 413);
    meters.auditFlushed(1_000);

    assertEquals(2, meters.count(Meters.KEY_LOOKUPS));
    assertEquals(1, meters.count(Meters.KEY_MISSES));
    assertEquals(1, meters.count(Meters.DENIALS, "rate_limited"));
    assertEquals(1, meters.count(Meters.RATE_LIMITED, "per_key"));
    assertEquals(1, meters.count(Meters.REQUESTS, "unmatched", "POST", "413"));
  }

  @Test
  void everyServerGetsEveryIncrementAndTheTimerAndGauge() {
    Recorder one = new Recorder();
    Recorder two = new Recorder();
    Meters meters = meters(List.of(one, two));
    meters.denial("missing_api_key");
    meters.denial("missing_api_key");
    meters.auditFlushed(5_000);
    meters.auditQueue(() -> 7);

    for (Recorder server : List.of(one, two)) {
      assertEquals(2, server.count("eclips_ring_denials[code, missing_api_key]"));
      assertEquals(List.of(5_000L), server.durations);
      assertEquals(7, server.gauges.get(Meters.AUDIT_QUEUE).get());
    }
    assertEquals(2, meters.count(Meters.DENIALS, "missing_api_key"));
  }

  @Test
  void transactionalWorkCountsOnlyWhenItsTransactionCommits() {
    Recorder server = new Recorder();
    Meters meters = meters(List.of(server));
    OneTransaction rolledBack = (OneTransaction) meters.transactions;
    meters.creditsDebited(5);
    meters.runAccepted("triage");
    assertEquals(0, meters.count(Meters.CREDITS_DEBITED));
    rolledBack.end(Status.STATUS_ROLLEDBACK);
    assertEquals(0, meters.count(Meters.CREDITS_DEBITED));
    assertEquals(0, meters.count(Meters.RUNS_ACCEPTED, "triage"));

    OneTransaction committed = new OneTransaction();
    meters.transactions = committed;
    meters.creditsDebited(5);
    meters.runAccepted("triage");
    committed.end(Status.STATUS_COMMITTED);
    assertEquals(5, meters.count(Meters.CREDITS_DEBITED));
    assertEquals(5, server.count("eclips_credits_debited[]"));
    assertEquals(1, meters.count(Meters.RUNS_ACCEPTED, "triage"));
    assertEquals(1, server.count("eclips_runs_accepted[agent_type, triage]"));
  }
}
