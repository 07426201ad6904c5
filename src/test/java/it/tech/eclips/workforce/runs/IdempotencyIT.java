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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotency-Key on POST /v1/agents/runs: same request, same answer, one charge; other request,
 * 409.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

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
}
