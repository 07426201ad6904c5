package it.tech.eclips.workforce.metrics;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.harness.TestDatabaseSession;
import it.tech.eclips.workforce.harness.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * /metrics answers only the metrics user (401 without or with wrong credentials, 403 for another
 * operator, never over plain HTTP), and its counters move by exactly what the test did: requests by
 * route template and status, ring denials by code, 429s, key cache lookups and misses, runs
 * accepted and finished, credits, a breaker opening. No label value is an id or a key. The same
 * test on both servers: Liberty's mpMetrics serves /metrics there, the application itself on
 * WildFly (metrics.boundary.Scrapes), with the same series; where the two differ, it says so below.
 */
@ExtendWith(Deployments.class)
class MetricsIT {

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String REQUESTS = "eclips_http_requests_total";
  private static final String RUNS = "/v1/agents/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"invoice total due\"}}";
  private static final String FAIL =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";

  private static Scrape reader() throws Exception {
    Scrape scrape = Scrape.as("metrics", ServerOverrides.DEV_METRICS_PASSWORD);
    assertEquals(200, scrape.status(), scrape.body());
    return scrape;
  }

  @Test
  void onlyTheMetricsUserMayScrapeAndOnlyOverHttps() throws Exception {
    assertEquals(401, Scrape.as(null, null).status());
    assertEquals(401, Scrape.as("metrics", "wrong").status());
    // Liberty: a user of its operator registry outside the reader role (the harness adds one) is
    // known but not allowed. WildFly's /metrics knows only the metrics user (MetricsReader): there
    // is no other operator to be known, so the same credentials are simply wrong.
    assertEquals(
        TestServer.current() == TestServer.LIBERTY ? 403 : 401,
        Scrape.as(TestDatabaseSession.NON_READER, TestDatabaseSession.NON_READER_PASSWORD)
            .status());
    Scrape plain = Scrape.overPlainHttp("metrics", ServerOverrides.DEV_METRICS_PASSWORD);
    assertNotEquals(200, plain.status(), "served over plain HTTP");
    assertTrue(!plain.body().contains("eclips_"), "metrics over plain HTTP");

    Scrape scrape = reader();
    boolean libertyPool =
        scrape.samples().stream()
            .anyMatch(
                s ->
                    s.name().startsWith("connectionpool_")
                        && "jdbc_eclips".equals(s.labels().get("datasource")));
    assertAll(
        () -> assertTrue(scrape.has("eclips_audit_queue_depth"), "audit queue depth"),
        () -> assertTrue(scrape.has("eclips_key_cache_lookups_total"), "key lookups"),
        () ->
            assertTrue(
                scrape.has("eclips_key_cache_lookups_total", "mp_scope", "application"),
                "MicroProfile Metrics' scope label, on both servers"),
        // Liberty's own figures (pools, threads, JVM) are the server's metrics, not the
        // application's: WildFly has no MicroProfile Metrics to serve its own on /metrics
        // (docs/operations.md, "Metrics")
        () ->
            assertEquals(
                TestServer.current() == TestServer.LIBERTY,
                libertyPool,
                "Liberty's connection pool figures for jdbc/eclips, on Liberty only"),
        // the refused scrapes above: on WildFly /metrics is a path of the application, counted
        // like any other; Liberty's mpMetrics is another application
        () ->
            assertEquals(
                TestServer.current() == TestServer.WILDFLY,
                scrape.has(REQUESTS, "route", "/metrics", "status", "401"),
                "scrapes counted as the application's requests, on WildFly only"));
  }

  @Test
  void countersMoveByExactlyWhatWasDone() throws Exception {
    String org = Api.newOrg("team");
    Api.trustFully(org);
    String full = Api.newKey(org, "test", "runs:read", "runs:write");
    String narrow = Api.newKey(org, "test", "runs:read");
    String limited =
        Api.newKey(
                org,
                "{\"name\":\"slow\",\"mode\":\"test\",\"scopes\":[\"runs:read\"],"
                    + "\"rate_limit_per_minute\":1}")
            .getString("key");
    Tally tally = new Tally();
    // warm the ring's code path (a loaded machine took 30 s for the first call), before the
    // baseline
    Api.get("/v1/me", bearer(Api.newKey(org, "test", "runs:read"))).expect(200);
    awaitNoUnfinishedRuns();

    Scrape before = reader();
    tally.send("GET", "/v1/me", "/v1/me", null, bearer(full)).expect(200);
    tally.send("GET", "/v1/me", "/v1/me", null, "X-Forwarded-For", "198.51.100.61").expect(401);
    tally.send("GET", "/v1/credits", "/v1/credits", null, bearer(narrow)).expect(403);
    int limitedCalls = 0;
    int status;
    do {
      status = tally.send("GET", "/v1/me", "/v1/me", null, bearer(limited)).status();
      limitedCalls++;
    } while (status != 429 && limitedCalls < 3);
    assertEquals(429, status, "a key limited to 1 a minute was never refused");
    tally.send("GET", "/v1/no-such-endpoint", "unmatched", null).expect(404);
    tally.send("GET", "/console/v1/api-keys", "unmatched", null).expect(401);
    Scrape middle = reader();
    int keyedLookups = 2 + limitedCalls;

    List<Executable> checks = tally.checks(before, middle);
    checks.add(
        () ->
            assertDelta(1, before, middle, "eclips_ring_denials_total", "code", "missing_api_key"));
    checks.add(
        () ->
            assertDelta(
                1, before, middle, "eclips_ring_denials_total", "code", "insufficient_scope"));
    checks.add(
        () -> assertDelta(1, before, middle, "eclips_ring_denials_total", "code", "rate_limited"));
    checks.add(
        () -> assertDelta(1, before, middle, "eclips_rate_limited_total", "limiter", "per_key"));
    checks.add(
        () ->
            assertDelta(0, before, middle, "eclips_rate_limited_total", "limiter", "per_address"));
    checks.add(() -> assertDelta(keyedLookups, before, middle, "eclips_key_cache_lookups_total"));
    checks.add(() -> assertDelta(3, before, middle, "eclips_key_cache_misses_total"));
    assertAll(checks);

    tally = new Tally();
    String succeeded = tally.accept(full, CLASSIFY);
    assertEquals("succeeded", tally.await(full, succeeded));
    for (int i = 0; i < 5; i++) {
      assertEquals("failed", tally.await(full, tally.accept(full, FAIL)));
    }
    tally.send("POST", RUNS, RUNS, CLASSIFY, bearer(full)).expect(503);
    Api.verifyAudit(org); // flushes the group commit
    Scrape after = reader();

    String type = "document_classifier";
    checks = tally.checks(middle, after);
    checks.add(
        () -> assertDelta(6, middle, after, "eclips_runs_accepted_total", "agent_type", type));
    // every accept is written by a batch, the org's first one too (it opens the period in SQL)
    checks.add(
        () -> {
          long batch = delta(middle, after, "eclips_run_accept_paths_total", "path", "batch");
          long own =
              delta(middle, after, "eclips_run_accept_paths_total", "path", "own_transaction");
          assertEquals(6, batch, "accepts by a batch");
          assertEquals(0, own, "own_transaction while the writers run");
        });
    checks.add(
        () ->
            assertDelta(
                1,
                middle,
                after,
                "eclips_runs_finished_total",
                "agent_type",
                type,
                "status",
                "succeeded"));
    checks.add(
        () ->
            assertDelta(
                5,
                middle,
                after,
                "eclips_runs_finished_total",
                "agent_type",
                type,
                "status",
                "failed"));
    checks.add(
        () ->
            assertDelta(
                0, middle, after, "eclips_runs_finished_total", "status", "awaiting_review"));
    checks.add(() -> assertDelta(12, middle, after, "eclips_credits_debited_total"));
    checks.add(() -> assertDelta(10, middle, after, "eclips_credits_refunded_total"));
    checks.add(
        () ->
            assertDelta(
                1,
                middle,
                after,
                "eclips_breaker_transitions_total",
                "agent_type",
                type,
                "to",
                "open"));
    checks.add(
        () -> assertDelta(1, middle, after, "eclips_ring_denials_total", "code", "circuit_open"));
    checks.add(
        () ->
            assertTrue(
                after.value("eclips_audit_flush_seconds_count")
                    > middle.value("eclips_audit_flush_seconds_count"),
                "no audit flush was timed"));
    checks.add(() -> assertNoIdOrKeyInAnyLabel(after, full, narrow, limited, org));
    assertAll(checks);
  }

  private static long delta(Scrape before, Scrape after, String name, String... labels) {
    return Math.round(after.value(name, labels) - before.value(name, labels));
  }

  private static void assertDelta(
      double expected, Scrape before, Scrape after, String name, String... labels) {
    assertEquals(
        expected,
        after.value(name, labels) - before.value(name, labels),
        name + " " + String.join(",", labels));
  }

  private static void assertNoIdOrKeyInAnyLabel(Scrape scrape, String... secrets) {
    for (Scrape.Sample sample : scrape.samples()) {
      for (String value : sample.labels().values()) {
        assertTrue(!UUID.matcher(value).find(), "an id in a label: " + sample);
        assertTrue(!value.contains("eck_"), "a key in a label of " + sample.name());
        for (String secret : secrets) {
          assertTrue(!value.contains(secret), "a key or org id in a label of " + sample.name());
        }
      }
    }
    assertTrue(scrape.samples().size() > 20, "a suspiciously small scrape");
  }

  /** Requests sent, counted by the route template, method and status the server should report. */
  private static final class Tally {

    private final Map<List<String>, Integer> sent = new LinkedHashMap<>();

    Reply send(String method, String path, String route, String body, String... headers) {
      Reply reply = Api.send(method, path, body, headers);
      sent.merge(List.of(route, method, Integer.toString(reply.status())), 1, Integer::sum);
      return reply;
    }

    String accept(String key, String run) {
      return send("POST", RUNS, RUNS, run, bearer(key)).expect(202).json().getString("id");
    }

    /** Polls like a client, every poll counted (10 s at most). */
    String await(String key, String run) throws InterruptedException {
      return Awaitility.await("run " + run + " to finish")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  send("GET", RUNS + "/" + run, RUNS + "/{id}", null, bearer(key))
                      .expect(200)
                      .json()
                      .getString("status"),
              status -> !status.equals("queued") && !status.equals("running"));
    }

    List<Executable> checks(Scrape before, Scrape after) {
      List<Executable> checks = new ArrayList<>();
      sent.forEach(
          (labels, count) ->
              checks.add(
                  () ->
                      assertDelta(
                          count,
                          before,
                          after,
                          REQUESTS,
                          "route",
                          labels.get(0),
                          "method",
                          labels.get(1),
                          "status",
                          labels.get(2))));
      return checks;
    }
  }

  /**
   * The run and breaker counters are server-wide, so an earlier test's run still queued (say, one
   * left by an application restart, relaunched by the recovery sweep within about two minutes)
   * would move them inside this test's window. The server is shared by the whole run, so no fresh
   * start relaunches them: the platform's recovery does, then no org may have an unfinished run.
   */
  private static void awaitNoUnfinishedRuns() {
    // what the start of a fresh deployment does; the timer would wait until a run is 2 minutes old
    Api.post("/platform/v1/maintenance/run-recovery", null, bearer(Api.platformToken()))
        .expect(200);
    Awaitility.await("no unfinished runs of earlier tests")
        .atMost(Duration.ofMinutes(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(MetricsIT::unfinishedRuns, count -> count == 0);
  }

  private static long unfinishedRuns() throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        Statement query = admin.createStatement();
        ResultSet unfinished =
            query.executeQuery(
                "SELECT count(*) FROM agent_runs WHERE status IN ('queued', 'running')")) {
      unfinished.next();
      return unfinished.getLong(1);
    }
  }
}
