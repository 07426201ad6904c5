package it.tech.eclips.workforce.hardening;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONTRACT §11, tried as an attacker holding one org's key: slow uploads, requests that hold
 * connections, a flood of runs. Another org keeps its service throughout, and the attacker gets 429
 * {@code concurrency_limited} with Retry-After beyond its org's share. Each test failed before the
 * bulkheads (docs/security.md, "Bulkheads"): org B's requests answered 500 after waiting on the
 * pool, or org B's run waited behind org A's whole backlog.
 */
@ExtendWith(Deployments.class)
class BulkheadsIT {

  /**
   * The defaults (docs/security.md, "Bulkheads"): uploads 4 per org; connections max(2, 20 / 4).
   */
  private static final int UPLOAD_SHARE = 4;

  private static final int CONNECTION_SHARE = 5;

  private static final int DOWNLOAD_SHARE = 8;

  /** More than the pool of 20: before the bulkheads, these alone took every connection. */
  private static final int ATTACKERS = 24;

  /**
   * How long the attacker's refusals may take to come: they are immediate (a second's wait for the
   * org's own share at most), so this is only patience for a busy machine.
   */
  private static final Duration REFUSALS = Duration.ofSeconds(15);

  private static final String KEYS = "/console/v1/api-keys";
  private static final String NEW_KEY =
      "{\"name\":\"k\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}";
  private static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0
  };

  @Test
  void slowUploadsOfOneOrgLeaveAnotherOrgsRequestsAlone() throws Exception {
    String attacker = Api.newKey(Api.newOrg("enterprise"), "test", "documents:write");
    String victimOrg = Api.newOrg("enterprise");
    String victim = Api.newKey(victimOrg, "live", "runs:write", "runs:read");
    String victimAdmin = orgToken(victimOrg, "org_admin");
    List<Trickle> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < ATTACKERS; i++) {
        uploads.add(Trickle.upload(attacker, 5_000_000));
      }
      // patience, not an assertion: before the fix no refusal came (each held a connection)
      await(
          () -> uploads.stream().filter(Trickle::answered).count() >= ATTACKERS - UPLOAD_SHARE,
          REFUSALS);

      assertEquals(200, get("/v1/me", bearer(victim)).status());
      assertEquals(202, post("/v1/agents/runs", invoice("B-1"), bearer(victim)).status());
      assertEquals(200, get(KEYS, bearer(victimAdmin)).status());
      assertEquals(201, post(KEYS, NEW_KEY, bearer(victimAdmin)).status());

      List<Trickle> refused = uploads.stream().filter(Trickle::answered).toList();
      assertEquals(ATTACKERS - UPLOAD_SHARE, refused.size());
      for (Trickle upload : refused) {
        assertEquals(429, upload.status());
        assertEquals("1", upload.header("Retry-After"));
      }
      Reply oneMore = upload(attacker);
      assertEquals(429, oneMore.status());
      assertEquals("concurrency_limited", oneMore.code());
      assertEquals("1", oneMore.header("Retry-After"));
    } finally {
      for (Trickle upload : uploads) {
        upload.close();
      }
    }
    // the org's share comes back once its slow uploads are gone
    await(() -> upload(attacker).status() == 201, Duration.ofMinutes(1));
    assertEquals(201, upload(attacker).status());
  }

  /**
   * Readers that take nothing: each download stays in flight (its writes block once the socket's
   * buffers are full), holding a download permit of its org but no connection.
   */
  @Test
  void slowDownloadsOfOneOrgHoldOnlyTheOrgsShare() throws Exception {
    String org = Api.newOrg("enterprise");
    String key = Api.newKey(org, "test", "documents:write", "documents:read");
    byte[] large = new byte[9 << 20]; // more than the socket buffers of both ends can hold
    System.arraycopy(PNG, 0, large, 0, PNG.length);
    String content =
        "/v1/documents/" + upload(key, large).expect(201).json().getString("id") + "/content";
    List<java.net.Socket> readers = new ArrayList<>();
    try {
      for (int i = 0; i < DOWNLOAD_SHARE; i++) {
        java.net.Socket reader = slowReader(key, content);
        readers.add(reader);
        assertTrue(head(reader).startsWith("HTTP/1.1 200"));
      }
      java.net.Socket extra = slowReader(key, content);
      readers.add(extra);
      String refused = head(extra);
      assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
      assertTrue(refused.contains("Retry-After: 1"), refused);
    } finally {
      for (java.net.Socket reader : readers) {
        reader.close();
      }
    }
    // the share comes back once the readers are gone
    await(() -> get(content, bearer(key)).status() == 200, Duration.ofMinutes(1));
    assertEquals(200, get(content, bearer(key)).status());
  }

  @Test
  void anOrgsRequestsHoldAtMostItsShareOfTheConnectionPool() throws Exception {
    String attackerOrg = Api.newOrg("enterprise");
    String attacker = orgToken(attackerOrg, "org_admin");
    String victimOrg = Api.newOrg("enterprise");
    String victimAdmin = orgToken(victimOrg, "org_admin");
    String victim = Api.newKey(victimOrg, "live", "runs:write", "runs:read");
    ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      // every key creation of the attacker's org now waits for this lock, holding its connection
      String lock = "hashtextextended('api_keys:" + attackerOrg + "', 11)";
      sql.execute("SELECT pg_advisory_lock(" + lock + ")");
      List<Future<Reply>> creates = new ArrayList<>();
      try {
        for (int i = 0; i < ATTACKERS; i++) {
          creates.add(pool.submit(() -> post(KEYS, NEW_KEY, bearer(attacker))));
        }
        await(
            () -> creates.stream().filter(Future::isDone).count() >= ATTACKERS - CONNECTION_SHARE,
            REFUSALS);

        assertEquals(200, get(KEYS, bearer(victimAdmin)).status());
        assertEquals(201, post(KEYS, NEW_KEY, bearer(victimAdmin)).status());
        assertEquals(202, post("/v1/agents/runs", invoice("B-2"), bearer(victim)).status());
      } finally {
        sql.execute("SELECT pg_advisory_unlock(" + lock + ")");
      }
      List<String> replies = new ArrayList<>();
      for (Future<Reply> create : creates) {
        replies.add(outcome(create));
      }
      Map<String, Long> outcomes =
          replies.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
      assertEquals(
          Map.of(
              "201", (long) CONNECTION_SHARE,
              "429 concurrency_limited", (long) (ATTACKERS - CONNECTION_SHARE)),
          outcomes);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Execution is fair per org: org A's backlog of runs waits (the executor is held up by a table
   * lock meanwhile), org B's one run is accepted after all of them, and still runs before most of
   * A's. Counted from the runs' completion times, not from the clock of this test.
   */
  @Test
  void anotherOrgsRunIsExecutedBeforeAFloodOfRunsDrains() throws Exception {
    String orgA = Api.newOrg("enterprise");
    String orgB = Api.newOrg("enterprise");
    Api.trustFully(orgA);
    Api.trustFully(orgB);
    String keyA = Api.newKey(orgA, "live", "runs:write", "runs:read");
    String keyB = Api.newKey(orgB, "live", "runs:write", "runs:read");
    int flood = 600;
    String victimRun;
    try (Connection admin = TestDatabase.asAdmin()) {
      admin.setAutoCommit(false);
      try (Statement sql = admin.createStatement()) {
        // every execution batch reads trust profiles: none can finish until this ends
        sql.execute("LOCK TABLE agent_trust_profiles IN ACCESS EXCLUSIVE MODE");
      }
      try {
        concurrently(
            flood, i -> post("/v1/agents/runs", invoice("A-" + i), bearer(keyA)).expect(202));
        victimRun =
            post("/v1/agents/runs", invoice("B-1"), bearer(keyB))
                .expect(202)
                .json()
                .getString("id");
      } finally {
        admin.rollback();
      }
    }
    await(() -> unfinished(orgA, orgB) == 0, Duration.ofMinutes(1));
    long overtaken =
        count(
            "SELECT count(*) FROM agent_runs a, agent_runs b WHERE a.org_id = '"
                + orgA
                + "' AND b.id = '"
                + victimRun
                + "' AND a.created_at < b.created_at AND a.completed_at > b.completed_at");
    // first in, first out, B's run would have come last, with at most one concurrent batch of A's
    // (64 runs) finishing after it; fairly, it runs in the first batch after the lock ends
    assertTrue(
        overtaken > 2 * 64, "runs of A accepted before B's but finished after it: " + overtaken);
  }

  /** "201", "429 concurrency_limited", or what went wrong. */
  private static String outcome(Future<Reply> call) throws InterruptedException {
    try {
      Reply reply = call.get(60, TimeUnit.SECONDS);
      return reply.status() + (reply.status() >= 400 ? " " + reply.code() : "");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return e.toString();
    }
  }

  /** A GET whose client reads nothing but the head, with a small receive buffer. */
  private static java.net.Socket slowReader(String key, String path) throws java.io.IOException {
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(8192);
    socket.setSoTimeout(30_000);
    socket.connect(
        new java.net.InetSocketAddress(
            "localhost", Integer.parseInt(System.getProperty("eclips.http.port", "9080"))));
    socket
        .getOutputStream()
        .write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + key
                    + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String head(java.net.Socket socket) throws java.io.IOException {
    java.io.InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static Reply upload(String key, byte[] bytes) {
    return Api.send(
        HttpRequest.newBuilder(Api.uri("/v1/documents?name=large.png"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  private static Reply upload(String key) {
    return Api.send(
        HttpRequest.newBuilder(Api.uri("/v1/documents?name=small.png"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)));
  }

  private static long unfinished(String orgA, String orgB) {
    return count(
        "SELECT count(*) FROM agent_runs WHERE org_id IN ('"
            + orgA
            + "', '"
            + orgB
            + "') AND status IN ('queued', 'running')");
  }

  private static long count(String query) {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void concurrently(int calls, Function<Integer, Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int n = i;
        replies.add(pool.submit(() -> call.apply(n)));
      }
      for (Future<Reply> reply : replies) {
        reply.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until the condition holds, or for so long; the assertions that follow decide. */
  private static void await(BooleanSupplier condition, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
  }
}
