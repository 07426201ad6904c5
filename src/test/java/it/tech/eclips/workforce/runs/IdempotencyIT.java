package it.tech.eclips.workforce.runs;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotency-Key on POST /v1/agents/runs: same request, same answer, one charge; other request,
 * 409.
 */
@ExtendWith(Deployments.class)
class IdempotencyIT {

  private static Reply create(String key, String idem, String body) {
    return post("/v1/agents/runs", body, "Authorization", "Bearer " + key, "Idempotency-Key", idem);
  }

  @Test
  void theSameRequestReturnsTheFirstResponseAndChargesOnce() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write", "credits:read");
    String idem = "run-" + UUID.randomUUID();
    Reply first = create(key, idem, invoice("I-1")).expect(202);
    long balance = get("/v1/credits", bearer(key)).json().getInt("balance");
    Reply second = create(key, idem, invoice("I-1")).expect(202);
    assertEquals(first.body(), second.body());
    assertEquals("true", second.header("Idempotent-Replayed"));
    assertEquals(first.header("Location"), second.header("Location"));
    assertEquals(balance, get("/v1/credits", bearer(key)).json().getInt("balance"));
    Reply different = create(key, idem, invoice("I-2")).expect(409);
    assertEquals("idempotency_conflict", different.code());
    assertEquals(400, create(key, "x".repeat(256), invoice("I-3")).status());
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          1, Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + org + "'"));
    }
  }

  @Test
  void concurrentDuplicatesCreateOneRun() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write");
    String idem = "dup-" + UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      replies.add(
          pool.submit(
              () -> {
                start.await();
                return create(key, idem, invoice("D-1"));
              }));
    }
    start.countDown();
    Set<String> runIds = new HashSet<>();
    for (Future<Reply> reply : replies) {
      runIds.add(reply.get().expect(202).json().getString("id"));
    }
    pool.shutdown();
    assertEquals(1, runIds.size());
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          1, Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + org + "'"));
      assertEquals(
          1,
          Catalog.count(
              admin,
              "SELECT count(*) FROM credit_ledger WHERE org_id = '"
                  + org
                  + "' AND entry_type = 'debit'"));
    }
  }

  @Test
  void keysArePerOrg() {
    String idem = "shared-" + UUID.randomUUID();
    String a = Api.newKey(Api.newOrg("team"), "live", "runs:write");
    String b = Api.newKey(Api.newOrg("team"), "live", "runs:write");
    String runA = create(a, idem, invoice("P-1")).expect(202).json().getString("id");
    String runB = create(b, idem, invoice("P-1")).expect(202).json().getString("id");
    assertEquals(false, runA.equals(runB));
  }

  @Test
  void keysArePerModeAndApartFromPlatformGrants() {
    String org = Api.newOrg("team");
    String idem = "shared-" + UUID.randomUUID();
    String live = Api.newKey(org, "live", "runs:write");
    String test = Api.newKey(org, "test", "runs:write");
    String runLive = create(live, idem, invoice("M-1")).expect(202).json().getString("id");
    Reply inTest = create(test, idem, invoice("M-1")).expect(202);
    assertEquals(null, inTest.header("Idempotent-Replayed"), "a test key never replays a live run");
    assertEquals(false, runLive.equals(inTest.json().getString("id")));
    post(
            "/platform/v1/orgs/" + org + "/credit-grants",
            "{\"amount\":5,\"reason\":\"scope test\"}",
            "Authorization",
            "Bearer " + Api.platformToken(),
            "Idempotency-Key",
            idem)
        .expect(201);
  }

  @Test
  void expiredKeysAreDeletedAndOnlyThose() throws Exception {
    String org = Api.newOrg("team");
    String expired = "old-" + UUID.randomUUID();
    String fresh = "new-" + UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin();
        var insert =
            admin.prepareStatement(
                "INSERT INTO idempotency_keys (org_id, id, scope, idem_key, request_hash, expires_at)"
                    + " VALUES (?::uuid, gen_random_uuid(), 'live', ?, '\\x00', now() + ?::interval)")) {
      for (String[] row : new String[][] {{expired, "-1 minute"}, {fresh, "1 hour"}}) {
        insert.setString(1, org);
        insert.setString(2, row[0]);
        insert.setString(3, row[1]);
        insert.executeUpdate();
      }
    }
    try (Connection platform = TestDatabase.asPlatform();
        var purge = platform.createStatement()) {
      purge.execute("SELECT eclips_gate.purge_expired_idempotency_keys()");
    }
    try (Connection admin = TestDatabase.asAdmin();
        var left =
            admin.prepareStatement(
                "SELECT idem_key FROM idempotency_keys WHERE org_id = ?::uuid ORDER BY idem_key")) {
      left.setString(1, org);
      List<String> keys = new ArrayList<>();
      try (var rows = left.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      assertEquals(List.of(fresh), keys);
    }
  }
}
