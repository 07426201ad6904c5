package it.tech.eclips.workforce.cluster;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (Liberty, or WildFly under -Pwildfly) over one database and one Redis ({@link
 * Cluster}), requests spread over both: the per-key limit is exact across nodes, a revocation on
 * one node bites on the other within the key-change feed's interval, runs accepted on either node
 * execute exactly once while both nodes' recovery jobs relaunch unfinished runs, the audit chain
 * stays one chain with both nodes writing, and an Idempotency-Key retried on the other node
 * replays. Not an Arquillian test: the nodes are servers of their own, started once for the class.
 */
@Slow
class TwoNodesIT {

  private static Cluster cluster;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    cluster = Cluster.start("eclips-it:" + UUID.randomUUID() + ":");
  }

  @AfterAll
  static void stopTwoNodes() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aKeyLimitedTo60PerMinuteGetsExactly60SuccessesAcrossBothNodes() throws Exception {
    String org = newOrg("team");
    String key = newKey(org, "runs:read");
    List<Reply> replies = concurrently(150, i -> cluster.get(i % 2, "/v1/me", bearer(key)), 8);
    List<Integer> remaining = new ArrayList<>();
    int[] okPerNode = new int[2];
    for (int i = 0; i < replies.size(); i++) {
      Reply reply = replies.get(i);
      assertTrue(
          reply.header("RateLimit-Policy").startsWith("\"per-key\";q=60;w=60"),
          reply.header("RateLimit-Policy"));
      int r = field(reply.header("RateLimit"), "r");
      int t = field(reply.header("RateLimit"), "t");
      assertTrue(t >= 1 && t <= 60, "t=" + t);
      if (reply.status() == 200) {
        okPerNode[i % 2]++;
        remaining.add(r);
      } else {
        assertEquals(429, reply.status(), reply.body());
        assertEquals(0, r);
        long retryAfter = Long.parseLong(reply.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      }
    }
    assertEquals(60, remaining.size(), "successes across both nodes");
    assertTrue(okPerNode[0] > 0 && okPerNode[1] > 0, "both nodes served the key");
    // One counter: every remaining figure from 59 down to 0 was handed out exactly once.
    assertEquals(IntStream.range(0, 60).boxed().toList(), remaining.stream().sorted().toList());
  }

  @Test
  void aRevocationOnOneNodeBitesOnTheOtherWithinTheFeedInterval() throws Exception {
    String org = newOrg("team");
    JsonObject created = newKeyObject(org, "runs:read");
    String key = created.getString("key");
    cluster.get(0, "/v1/me", bearer(key)).expect(200);
    cluster.get(1, "/v1/me", bearer(key)).expect(200); // now in node 2's cache
    cluster
        .send(
            0,
            "DELETE",
            "/console/v1/api-keys/" + created.getString("id"),
            null,
            bearer(Api.orgToken(org, "org_admin")))
        .expect(204);
    long start = System.nanoTime();
    int status = 200;
    while (status == 200 && System.nanoTime() - start < 10_000_000_000L) {
      Thread.sleep(100);
      status = cluster.get(1, "/v1/me", bearer(key)).status();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(401, status, "node 2 still accepts the key node 1 revoked");
    // The feed polls every second and looks back ten: a few seconds on a loaded machine.
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  /**
   * Issue 25: a freeze and a quarantine made through node 1 bite on node 2, which holds the key in
   * its cache, within the change feed's interval (a few seconds on a loaded machine).
   */
  @Test
  void aFreezeAndAQuarantineOnOneNodeBiteOnTheOther() throws Exception {
    String org = newOrg("team");
    JsonObject created = newKeyObject(org, "runs:read", "runs:write");
    String key = created.getString("key");
    String admin = Api.orgToken(org, "org_admin");
    cluster.get(1, "/v1/me", bearer(key)).expect(200); // now in node 2's cache
    cluster
        .send(
            0, "PUT", "/console/v1/key-containment", "{\"frozen_modes\":[\"live\"]}", bearer(admin))
        .expect(200);
    String frozen =
        await("node 2 to refuse the frozen key")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> cluster.get(1, "/v1/me", bearer(key)), r -> r.status() != 200)
            .code();
    assertEquals("org_frozen", frozen);

    cluster
        .send(0, "PUT", "/console/v1/key-containment", "{\"frozen_modes\":[]}", bearer(admin))
        .expect(200);
    await("node 2 to serve the thawed key")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.get(1, "/v1/me", bearer(key)).status() == 200);
    cluster
        .send(
            0,
            "PUT",
            "/console/v1/key-containment/api-keys/" + created.getString("id"),
            "{\"quarantined\":true,\"pinned_ips\":[\"127.0.0.1\",\"::1\"]}",
            bearer(admin))
        .expect(200);
    // quarantined: read-only, or, once the polls above used its lower limit, 429 at q=10
    Reply seen =
        await("node 2 to see the quarantine")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> cluster.get(1, "/v1/me", bearer(key)),
                r ->
                    String.valueOf(r.header("RateLimit-Policy")).contains(";q=10;")
                        || (r.status() == 200
                            && r.json().getJsonObject("key").getJsonArray("scopes").size() == 1));
    assertTrue(seen.status() == 200 || seen.status() == 429, seen.body());
  }

  @Test
  void runsAcceptedOnEitherNodeExecuteOnceWhileBothNodesRecover() throws Exception {
    String org = newOrg("team");
    String key = newKey(org, "runs:write", "runs:read");
    AtomicBoolean accepting = new AtomicBoolean(true);
    AtomicInteger relaunchCalls = new AtomicInteger();
    ExecutorService recovering = Executors.newFixedThreadPool(2);
    List<Future<?>> recoveries = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      int n = node;
      recoveries.add(
          recovering.submit(
              () -> {
                while (accepting.get()) {
                  cluster
                      .post(
                          n,
                          "/platform/v1/maintenance/run-recovery",
                          null,
                          bearer(Api.platformToken()))
                      .expect(200);
                  relaunchCalls.incrementAndGet();
                  Thread.sleep(100);
                }
                return null;
              }));
    }
    List<Reply> accepted =
        concurrently(
            30, i -> cluster.post(i % 2, "/v1/agents/runs", invoice("C-" + i), bearer(key)), 6);
    accepting.set(false);
    for (Future<?> recovery : recoveries) {
      recovery.get(60, TimeUnit.SECONDS);
    }
    recovering.shutdown();
    accepted.forEach(reply -> reply.expect(202));
    assertTrue(relaunchCalls.get() >= 2, "recovery ran on both nodes");
    awaitNoUnfinishedRuns(org);
    try (Connection admin = TestDatabase.asAdmin()) {
      String where = " WHERE org_id = '" + org + "'";
      assertEquals(30, Catalog.count(admin, "SELECT count(*) FROM agent_runs" + where));
      // New orgs review every result: one execution, one triage item; two would leave two.
      assertEquals(
          30,
          Catalog.count(
              admin,
              "SELECT count(*) FROM agent_runs" + where + " AND status = 'awaiting_review'"));
      assertEquals(
          List.of(),
          Catalog.strings(
              admin,
              "SELECT r.id::text FROM agent_runs r WHERE r.org_id = '"
                  + org
                  + "' AND ((SELECT count(*) FROM triage_items t WHERE t.org_id = r.org_id"
                  + " AND t.run_id = r.id) <> 1"
                  + " OR (SELECT count(*) FROM credit_ledger l WHERE l.org_id = r.org_id"
                  + " AND l.run_id = r.id AND l.entry_type = 'debit') <> 1)"),
          "runs without exactly one triage item and one debit");
      assertEquals(
          0,
          Catalog.count(
              admin, "SELECT count(*) FROM credit_ledger" + where + " AND entry_type = 'refund'"));
    }
  }

  @Test
  void theAuditChainStaysOneUnbrokenChainWithBothNodesWriting() throws Exception {
    String org = newOrg("team");
    String key = newKey(org, "runs:write", "runs:read");
    List<Reply> replies =
        concurrently(
            40,
            i ->
                i % 4 < 2
                    ? cluster.post(i % 2, "/v1/agents/runs", invoice("A-" + i), bearer(key))
                    : cluster.get(i % 2, "/v1/me", bearer(key)),
            8);
    for (int i = 0; i < replies.size(); i++) {
      replies.get(i).expect(i % 4 < 2 ? 202 : 200);
    }
    awaitNoUnfinishedRuns(org);
    // Each node flushes its own queued entries before it walks the chain.
    for (int node : new int[] {0, 1, 0}) {
      JsonObject verified =
          cluster
              .get(node, "/console/v1/audit-log/verify", bearer(Api.orgToken(org, "org_admin")))
              .expect(200)
              .json();
      assertTrue(verified.getBoolean("valid"), verified::toString);
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      String where = " FROM audit_log WHERE org_id = '" + org + "'";
      long entries = Catalog.count(admin, "SELECT count(*)" + where);
      assertTrue(entries >= 20, "audit entries: " + entries);
      assertEquals(entries, Catalog.count(admin, "SELECT max(seq)" + where), "gaps in seq");
      assertEquals(
          20,
          Catalog.count(admin, "SELECT count(*)" + where + " AND action = 'agent_run.created'"));
    }
  }

  @Test
  void anIdempotencyKeyRetriedOnTheOtherNodeReplays() throws Exception {
    String org = newOrg("team");
    String key = newKey(org, "runs:write", "runs:read");
    String idem = "two-nodes-" + UUID.randomUUID();
    Reply first =
        cluster
            .post(
                0,
                "/v1/agents/runs",
                invoice("I-1"),
                "Idempotency-Key",
                idem,
                bearer(key)[0],
                bearer(key)[1])
            .expect(202);
    Reply retried =
        cluster
            .post(
                1,
                "/v1/agents/runs",
                invoice("I-1"),
                "Idempotency-Key",
                idem,
                bearer(key)[0],
                bearer(key)[1])
            .expect(202);
    assertEquals(first.body(), retried.body());
    assertEquals("true", retried.header("Idempotent-Replayed"));
    // Each node answers with its own base URI; the run is the same.
    assertEquals(
        java.net.URI.create(first.header("Location")).getPath(),
        java.net.URI.create(retried.header("Location")).getPath());
    Reply different =
        cluster.post(
            1,
            "/v1/agents/runs",
            invoice("I-2"),
            "Idempotency-Key",
            idem,
            bearer(key)[0],
            bearer(key)[1]);
    assertEquals(409, different.status(), different.body());
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          1, Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + org + "'"));
    }
  }

  // --- set-up through node 1, and helpers

  private static String newOrg(String plan) {
    return cluster
        .post(
            0,
            "/platform/v1/orgs",
            "{\"name\":\"cluster org\",\"plan\":\"" + plan + "\"}",
            bearer(Api.platformToken()))
        .expect(201)
        .json()
        .getString("id");
  }

  private static JsonObject newKeyObject(String org, String... scopes) {
    String list = String.join(",", List.of(scopes).stream().map(s -> "\"" + s + "\"").toList());
    return cluster
        .post(
            0,
            "/console/v1/api-keys",
            "{\"name\":\"cluster\",\"mode\":\"live\",\"scopes\":[" + list + "]}",
            bearer(Api.orgToken(org, "org_admin")))
        .expect(201)
        .json();
  }

  private static String newKey(String org, String... scopes) {
    return newKeyObject(org, scopes).getString("key");
  }

  private static void awaitNoUnfinishedRuns(String org) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (Connection admin = TestDatabase.asAdmin()) {
      while (Catalog.count(
              admin,
              "SELECT count(*) FROM agent_runs WHERE org_id = '"
                  + org
                  + "' AND status IN ('queued', 'running')")
          > 0) {
        assertTrue(System.nanoTime() < deadline, "runs still unfinished after 60 s");
        Thread.sleep(100);
      }
    }
  }

  interface Request {
    Reply send(int index);
  }

  /** {@code count} requests from {@code threads} threads, released at once; replies in order. */
  private static List<Reply> concurrently(int count, Request request, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      Callable<Reply> call =
          () -> {
            start.await();
            return request.send(index);
          };
      futures.add(pool.submit(call));
    }
    start.countDown();
    List<Reply> replies = new ArrayList<>();
    for (Future<Reply> future : futures) {
      replies.add(future.get(10, TimeUnit.MINUTES));
    }
    pool.shutdown();
    return replies;
  }

  private static final Pattern PARAMETER = Pattern.compile(";(\\w+)=(\\d+)");

  /** A numeric parameter of a RateLimit field: {@code "per-key";r=12;t=40}. */
  private static int field(String header, String name) {
    Map<String, Integer> parameters = new TreeMap<>();
    // the per-key item, the first (the org's credits may follow)
    Matcher m = PARAMETER.matcher(header.split(",", 2)[0]);
    while (m.find()) {
      parameters.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertTrue(parameters.containsKey(name), header);
    return parameters.get(name);
  }
}
