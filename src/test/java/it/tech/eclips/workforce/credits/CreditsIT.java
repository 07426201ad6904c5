package it.tech.eclips.workforce.credits;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metering: no interleaving overspends, budgets hold, grants add, the ledger always sums to the
 * balance.
 */
@ExtendWith(Deployments.class)
class CreditsIT {

  /**
   * The test server gives growth orgs 100 credits a month: exactly 10 invoice runs at 10 credits.
   */
  @Test
  void fiftyConcurrentRunsOnCreditsForTenAcceptExactlyTen() throws Exception {
    String org = Api.newOrg("growth");
    String key = Api.newKey(org, "live", "runs:write", "credits:read");
    List<Integer> statuses =
        concurrently(50, i -> post("/v1/agents/runs", invoice("C-" + i), bearer(key)));
    Map<Integer, Long> counts =
        statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    // exactly ten accepted; the rest refused for credits, or (CONTRACT §11) because the org already
    // waits for its whole connection share: never anything else
    assertEquals(10L, counts.get(202), counts.toString());
    assertTrue(counts.getOrDefault(402, 0L) > 0, counts.toString());
    Set<Integer> others = new HashSet<>(counts.keySet());
    others.removeAll(Set.of(202, 402, 429));
    assertEquals(Set.of(), others, "unexpected answers: " + counts);
    assertEquals(0, get("/v1/credits", bearer(key)).expect(200).json().getInt("balance"));
    assertLedgerEqualsBalance(org);
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          10, Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + org + "'"));
    }
    Reply refused = post("/v1/agents/runs", invoice("C-late"), bearer(key)).expect(402);
    assertEquals("insufficient_credits", refused.code());
  }

  @Test
  void aBudgetCapsThePeriodAndCannotGoBelowWhatIsUsed() {
    String org = Api.newOrg("team");
    String admin = Api.orgToken(org, "org_admin");
    String key = Api.newKey(org, "live", "runs:write");
    assertEquals(
        403,
        send(
                "PUT",
                "/console/v1/credits/budget",
                "{\"limit\":20}",
                bearer(Api.orgToken(org, "org_member")))
            .status());
    assertEquals(
        20,
        send("PUT", "/console/v1/credits/budget", "{\"limit\":20}", bearer(admin))
            .expect(200)
            .json()
            .getInt("budget"));
    post("/v1/agents/runs", invoice("B-1"), bearer(key)).expect(202);
    post("/v1/agents/runs", invoice("B-2"), bearer(key)).expect(202);
    assertEquals(
        "budget_exceeded", post("/v1/agents/runs", invoice("B-3"), bearer(key)).expect(402).code());
    assertEquals(
        400, send("PUT", "/console/v1/credits/budget", "{\"limit\":5}", bearer(admin)).status());
    assertEquals(400, send("PUT", "/console/v1/credits/budget", "{}", bearer(admin)).status());
    assertEquals(
        true,
        send("PUT", "/console/v1/credits/budget", "{\"limit\":null}", bearer(admin))
            .expect(200)
            .json()
            .isNull("budget"));
    post("/v1/agents/runs", invoice("B-3"), bearer(key)).expect(202);
    assertLedgerEqualsBalance(org);
  }

  @Test
  void platformGrantsAddCreditsAndAreIdempotent() {
    String org = Api.newOrg("team");
    String platform = Api.platformToken();
    String path = "/platform/v1/orgs/" + org + "/credit-grants";
    String idem = "grant-" + UUID.randomUUID();
    Reply first =
        post(
                path,
                "{\"amount\":500,\"reason\":\"goodwill\"}",
                "Authorization",
                "Bearer " + platform,
                "Idempotency-Key",
                idem)
            .expect(201);
    assertEquals(50_500, first.json().getJsonObject("credits").getInt("balance"));
    Reply again =
        post(
                path,
                "{\"amount\":500,\"reason\":\"goodwill\"}",
                "Authorization",
                "Bearer " + platform,
                "Idempotency-Key",
                idem)
            .expect(201);
    assertEquals(first.body(), again.body());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(
        "idempotency_conflict",
        post(
                path,
                "{\"amount\":501,\"reason\":\"goodwill\"}",
                "Authorization",
                "Bearer " + platform,
                "Idempotency-Key",
                idem)
            .expect(409)
            .code());
    assertEquals(
        50_500,
        get("/console/v1/credits", bearer(Api.orgToken(org, "org_member")))
            .expect(200)
            .json()
            .getInt("balance"));
    assertEquals(400, post(path, "{\"amount\":-1,\"reason\":\"x\"}", bearer(platform)).status());
    assertEquals(
        403,
        post(path, "{\"amount\":1,\"reason\":\"x\"}", bearer(Api.orgToken(org, "org_admin")))
            .status());
    assertLedgerEqualsBalance(org);
  }

  @Test
  void theCreditsViewShowsThePeriod() {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "test", "credits:read");
    var credits = get("/v1/credits", bearer(key)).expect(200).json();
    assertEquals("credit_balance", credits.getString("object"));
    assertEquals(50_000, credits.getInt("granted"));
    assertEquals(
        java.time.YearMonth.now(java.time.ZoneOffset.UTC).atDay(1).toString(),
        credits.getJsonObject("period").getString("start"));
    assertEquals(403, get("/v1/credits", bearer(Api.newKey(org, "test", "runs:read"))).status());
  }

  static void assertLedgerEqualsBalance(String org) {
    try (Connection admin = TestDatabase.asAdmin()) {
      long ledger =
          Catalog.count(
              admin,
              "SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE org_id = '" + org + "'");
      long balance =
          Catalog.count(
              admin,
              "SELECT balance FROM credit_usage_periods WHERE org_id = '"
                  + org
                  + "' ORDER BY period_start DESC LIMIT 1");
      assertEquals(ledger, balance, "ledger sum vs balance");
      long debits =
          -Catalog.count(
              admin,
              "SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE org_id = '"
                  + org
                  + "' AND entry_type = 'debit'");
      long charged =
          Catalog.count(
              admin,
              "SELECT coalesce(sum(credits_charged), 0) FROM agent_runs WHERE org_id = '"
                  + org
                  + "'");
      assertEquals(charged, debits, "runs charged vs ledger debits");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  static List<Integer> concurrently(int callers, Function<Integer, Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int n = i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return call.apply(n).status();
              }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> result : results) {
      statuses.add(result.get());
    }
    pool.shutdown();
    return statuses;
  }
}
