package tech.eclips.workforce.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The application's own /metrics (WildFly) writes what Liberty's mpMetrics-5.1 writes for the same
 * series. The expected lines are copied from a scrape of Liberty 26.0.0.1 by MetricsIT.
 */
class PrometheusTextTest {

  /** microprofile-config.properties' setting, as both servers read it. */
  static final String BUCKETS =
      "eclips_webhook_delivery_latency=50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,20s";

  /** A sample line as Prometheus reads it (MetricsIT's Scrape uses the same pattern). */
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^[a-zA-Z_:][a-zA-Z0-9_:]*\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",)*\\}"
              + " (?:[-+]?[0-9.eE+-]+|\\+Inf|-Inf|NaN)$");

  private static Meters withoutAServerSystem() {
    Meters meters = new Meters();
    MetersTest.OneTransaction none = new MetersTest.OneTransaction();
    none.end(Status.STATUS_COMMITTED);
    meters.transactions = none;
    meters.register(List.of(), BUCKETS);
    return meters;
  }

  private static List<String> lines(Meters meters) {
    return Arrays.asList(meters.prometheusText().split("\n"));
  }

  @Test
  void countersAreWrittenAsLibertyWritesThem() throws Exception {
    Meters meters = withoutAServerSystem();
    Route me = meters.route(Object.class, Object.class.getMethod("toString"));
    meters.request(me, "GET", 200);
    meters.request(me, "GET", 200);
    meters.request(null, "GET", 404);
    meters.runFinished("document_classifier", "failed");
    meters.denial("rate_limited");
    meters.creditsDebited(12);

    String text = meters.prometheusText();
    List<String> lines = lines(meters);
    String route = me.template();
    assertTrue(
        lines.contains(
            "eclips_http_requests_total{method=\"GET\",mp_scope=\"application\",route=\""
                + route
                + "\",status=\"200\",} 2.0"),
        text);
    assertTrue(
        lines.contains(
            "eclips_http_requests_total{method=\"GET\",mp_scope=\"application\","
                + "route=\"unmatched\",status=\"404\",} 1.0"),
        text);
    // Liberty's lines, verbatim
    assertTrue(
        lines.contains(
            "# HELP eclips_http_requests_total HTTP requests by route template, method and status"));
    assertTrue(lines.contains("# TYPE eclips_http_requests_total counter"));
    assertTrue(
        lines.contains(
            "eclips_runs_finished_total{agent_type=\"document_classifier\","
                + "mp_scope=\"application\",status=\"failed\",} 1.0"));
    assertTrue(
        lines.contains(
            "eclips_ring_denials_total{code=\"rate_limited\",mp_scope=\"application\",} 1.0"));
    assertTrue(lines.contains("eclips_credits_debited_total{mp_scope=\"application\",} 12.0"));
    assertTrue(lines.contains("eclips_key_cache_lookups_total{mp_scope=\"application\",} 0.0"));
  }

  @Test
  void eachFamilyHasOneHeaderAndItsSamplesTogether() throws Exception {
    Meters meters = withoutAServerSystem();
    meters.request(meters.route("/a"), "GET", 200);
    meters.denial("missing_api_key");
    meters.request(meters.route("/b"), "POST", 201);
    List<String> lines = lines(meters);
    int header = lines.indexOf("# TYPE eclips_http_requests_total counter");
    assertEquals(
        1, lines.stream().filter(l -> l.startsWith("# TYPE eclips_http_requests_total ")).count());
    assertTrue(lines.get(header + 1).startsWith("eclips_http_requests_total{"));
    assertTrue(lines.get(header + 2).startsWith("eclips_http_requests_total{"));
    for (String line : lines) {
      assertTrue(
          line.startsWith("# HELP ")
              || line.startsWith("# TYPE ")
              || SAMPLE.matcher(line).matches(),
          line);
    }
  }

  @Test
  void labelsAreSortedWithTheScopeAndEscaped() {
    assertEquals(
        "agent_type=\"x\",method=\"GET\",mp_scope=\"application\",status=\"200\",",
        PrometheusText.labels(List.of("status", "200", "method", "GET", "agent_type", "x")));
    // a backslash, a quote and a newline in a value: \\, \" and \n
    assertEquals(
        "mp_scope=\"application\",route=\"a\\\"b\\\\c\\nd\",",
        PrometheusText.labels(List.of("route", "a\"b\\c\nd")));
    assertEquals("a \\\\ b\\nc \"d\"", PrometheusText.escapeHelp("a \\ b\nc \"d\""));
  }

  @Test
  void numbersAreWrittenAsSimpleclientWritesThem() {
    assertEquals("6.0", PrometheusText.number(6));
    assertEquals("0.053010432", PrometheusText.number(0.053010432));
    assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
    assertEquals("NaN", PrometheusText.number(Double.NaN));
  }

  @Test
  void aTimerWithBucketsIsAHistogramWithLibertysBounds() {
    Meters meters = withoutAServerSystem();
    meters.webhookDelivery("succeeded", 30_000_000L, true);
    meters.webhookDelivery("succeeded", 70_000_000L, true);
    meters.webhookDelivery("failed", 2_000_000_000L, true);
    meters.webhookDelivery("refused", 0, false);
    String text = meters.prometheusText();
    String name = "eclips_webhook_delivery_latency_seconds";
    String scope = "{mp_scope=\"application\",";
    String expected =
        String.join(
            "\n",
            "# HELP "
                + name
                + " One webhook delivery attempt that reached a receiver, connect to response",
            "# TYPE " + name + " histogram",
            name + "_bucket" + scope + "le=\"0.05\",} 1.0",
            name + "_bucket" + scope + "le=\"0.1\",} 2.0",
            name + "_bucket" + scope + "le=\"0.25\",} 2.0",
            name + "_bucket" + scope + "le=\"0.5\",} 2.0",
            name + "_bucket" + scope + "le=\"1.0\",} 2.0",
            name + "_bucket" + scope + "le=\"2.5\",} 3.0",
            name + "_bucket" + scope + "le=\"5.0\",} 3.0",
            name + "_bucket" + scope + "le=\"10.0\",} 3.0",
            name + "_bucket" + scope + "le=\"20.0\",} 3.0",
            name + "_bucket" + scope + "le=\"+Inf\",} 3.0",
            name + "_count" + scope + "} 3.0",
            name + "_sum" + scope + "} 2.1",
            "# HELP "
                + name
                + "_max One webhook delivery attempt that reached a receiver, connect to response",
            "# TYPE " + name + "_max gauge",
            name + "_max" + scope + "} 2.0");
    assertTrue(text.contains(expected), text);
    assertTrue(
        text.contains(
            "eclips_webhook_deliveries_total{mp_scope=\"application\",outcome=\"refused\",} 1.0"));
  }

  @Test
  void aTimerWithoutBucketsIsASummaryOfCountSumAndMax() {
    Meters meters = withoutAServerSystem();
    meters.auditFlushed(250_000_000L);
    meters.auditFlushed(500_000_000L);
    String name = "eclips_audit_flush_seconds";
    List<String> lines = lines(meters);
    int type = lines.indexOf("# TYPE " + name + " summary");
    assertTrue(type > 0, String.join("\n", lines));
    assertEquals(
        "# HELP " + name + " One group commit of queued audit entries", lines.get(type - 1));
    assertEquals(name + "_count{mp_scope=\"application\",} 2.0", lines.get(type + 1));
    assertEquals(name + "_sum{mp_scope=\"application\",} 0.75", lines.get(type + 2));
    assertEquals("# TYPE " + name + "_max gauge", lines.get(type + 4));
    assertEquals(name + "_max{mp_scope=\"application\",} 0.5", lines.get(type + 5));
    assertFalse(lines.stream().anyMatch(l -> l.startsWith(name + "_bucket")), "no buckets");
  }

  @Test
  void gaugesAreReadWhenScrapedAndAFailedReadIsNaN() {
    Meters meters = withoutAServerSystem();
    int[] depth = {3};
    meters.auditQueue(() -> depth[0]);
    meters.webhookQueue(
        () -> {
          throw new IllegalStateException("database away");
        });
    depth[0] = 4;
    List<String> lines = lines(meters);
    assertTrue(lines.contains("# TYPE eclips_audit_queue_depth gauge"));
    assertTrue(lines.contains("eclips_audit_queue_depth{mp_scope=\"application\",} 4.0"));
    assertTrue(lines.contains("eclips_webhook_queue_depth{mp_scope=\"application\",} NaN"));
  }
}
