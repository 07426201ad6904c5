package it.tech.eclips.workforce.credits;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.matrix.ResourceModel;
import it.tech.eclips.workforce.matrix.ResourceModel.Operation;
import it.tech.eclips.workforce.matrix.Samples;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONTRACT §11: every /v1 answer to a key that authenticated carries the org's credits as the
 * {@code "credits"} item of the RateLimit fields, after the per-key item; a run's 202 reports the
 * balance right after its own debit, so concurrent runs report the successive balances; budgets
 * bind when they leave less; console and platform answers carry no such item. Another node's
 * movements show within about a second (the node's credit level feed), not only once its reading
 * expires.
 */
@ExtendWith(Deployments.class)
class CreditFieldsIT {

  private static final Pattern POLICY = Pattern.compile("\"credits\";q=(\\d+)$");
  private static final Pattern LIMIT = Pattern.compile("\"credits\";r=(\\d+);t=(\\d+)$");
  private static final String ALL_SCOPES =
      "\"runs:read\",\"runs:write\",\"triage:read\",\"triage:write\",\"documents:read\","
          + "\"documents:write\",\"credits:read\",\"audit:read\"";

  /** The credits item of one answer: quota, remaining, seconds to the period's end. */
  record Item(long q, long r, long t) {

    static Item of(Reply reply) {
      String policy = reply.header("RateLimit-Policy");
      String limit = reply.header("RateLimit");
      assertNotNull(policy, () -> "no RateLimit-Policy: " + reply);
      assertNotNull(limit, () -> "no RateLimit: " + reply);
      // the last item; the per-key one comes first where the request met the limit (not a 403
      // insufficient_scope, which is refused before it)
      Matcher q = POLICY.matcher(policy);
      Matcher r = LIMIT.matcher(limit);
      assertTrue(q.find(), () -> "no credits item in RateLimit-Policy: " + policy);
      assertTrue(r.find(), () -> "no credits item in RateLimit: " + limit);
      Item item =
          new Item(
              Long.parseLong(q.group(1)), Long.parseLong(r.group(1)), Long.parseLong(r.group(2)));
      assertTrue(item.t >= 1 && item.t <= 31L * 24 * 3600, item::toString);
      assertTrue(item.r <= item.q, item::toString);
      return item;
    }
  }

  @Test
  void everyV1OperationAnswersWithTheOrgsCreditsWhateverItAnswers() {
    String org = Api.newOrg("team");
    String key =
        Api.newKey(org, "{\"name\":\"all\",\"mode\":\"live\",\"scopes\":[" + ALL_SCOPES + "]}")
            .getString("key");
    Map<String, String> ids = objects(org, key);
    Map<String, Integer> statuses = new TreeMap<>();
    List<Operation> v1 =
        ResourceModel.compiled().operations().stream()
            .filter(o -> o.api() == ResourceModel.Api.V1)
            .toList();
    assertTrue(v1.size() >= 14, "v1 operations: " + v1);
    for (Operation operation : v1) {
      Samples.Sample sample = Samples.of(operation, ids);
      String path =
          operation
                  .path()
                  .replace("{agent_type}", Samples.AGENT_TYPE)
                  .replace("{id}", ids.getOrDefault(operation.collection(), "none"))
              + sample.query();
      List<String> headers = new ArrayList<>(List.of(bearer(key)));
      if (sample.contentType() != null) {
        headers.addAll(List.of("Content-Type", sample.contentType()));
      }
      Reply reply = send(operation.verb(), path, sample.body(), headers.toArray(String[]::new));
      assertTrue(reply.status() < 500, () -> operation + " → " + reply);
      // nothing else moves this org's credits meanwhile: every answer is its balance now (a run's
      // 202 the balance after its own debit; GET /v1/me this server's reading of a moment ago)
      assertEquals(balanceOf(org), Item.of(reply).r(), () -> operation + " → " + reply);
      statuses.put(operation.toString(), reply.status());
    }
    System.out.println("CreditFieldsIT: every /v1 operation's answer carried credits: " + statuses);
  }

  @Test
  void refusalsCarryTheItemToo() {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read", "runs:write");
    long balance = balanceOf(org);
    // 404 after the tenant is bound: the binding's own reading
    Item notFound =
        Item.of(get("/v1/agents/runs/" + java.util.UUID.randomUUID(), bearer(key)).expect(404));
    assertEquals(balance, notFound.r());
    // 409: the accept's own reading
    post(
            "/v1/agents/runs",
            invoice("I-1"),
            "Authorization",
            "Bearer " + key,
            "Idempotency-Key",
            "k1")
        .expect(202);
    Reply conflict =
        post(
                "/v1/agents/runs",
                invoice("I-2"),
                "Authorization",
                "Bearer " + key,
                "Idempotency-Key",
                "k1")
            .expect(409);
    assertEquals(balance - 10, Item.of(conflict).r());
    // 400 of a bad body before the accept binds: this node's reading of a moment ago
    Reply invalid = post("/v1/agents/runs", "{", bearer(key)).expect(400);
    assertEquals(balance - 10, Item.of(invalid).r());
    // 403 insufficient_scope (refused before the rate limit): the recent reading, no database
    Reply forbidden = get("/v1/credits", bearer(key)).expect(403);
    assertEquals(balance - 10, Item.of(forbidden).r());
    // 429: likewise
    String once =
        Api.newKey(
                org,
                "{\"name\":\"once\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],"
                    + "\"rate_limit_per_minute\":1}")
            .getString("key");
    get("/v1/me", bearer(once)).expect(200);
    Reply limited = get("/v1/me", bearer(once)).expect(429);
    assertEquals(balance - 10, Item.of(limited).r());
  }

  /**
   * 20 concurrent runs: each 202 reports the balance right after its own debit, so the values are
   * distinct and, sorted, exactly the successive balances.
   */
  @Test
  void concurrentRunsReportEachTheBalanceAfterTheirOwnDebit() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write");
    long before = balanceOf(org);
    List<Reply> replies =
        concurrently(20, i -> post("/v1/agents/runs", invoice("P-" + i), bearer(key)));
    List<Long> reported = new ArrayList<>();
    TreeSet<Long> quotas = new TreeSet<>();
    for (Reply reply : replies) {
      // the org's connection share may answer 429 to some (CreditsIT): they are not charged
      assertTrue(reply.status() == 202 || reply.status() == 429, reply::toString);
      if (reply.status() == 202) {
        Item item = Item.of(reply);
        reported.add(item.r());
        quotas.add(item.q());
      }
    }
    int accepted = reported.size();
    assertTrue(accepted >= 1, "no run accepted");
    List<Long> successive = new ArrayList<>();
    for (int i = accepted; i >= 1; i--) {
      successive.add(before - 10L * i);
    }
    assertEquals(successive, reported.stream().sorted().toList(), "reported: " + reported);
    assertEquals(1, quotas.size(), "debits leave the quota alone: " + quotas);
    assertEquals(before - 10L * accepted, balanceOf(org));
    System.out.printf(
        "CreditFieldsIT: %d of 20 concurrent runs accepted, reported %s%n", accepted, reported);
  }

  /** Growth orgs have 100 credits here: ten runs count down to 0, the 402 shows 0 left. */
  @Test
  void theRunsCountDownAndThe402ShowsNothingLeft() {
    String org = Api.newOrg("growth");
    String key = Api.newKey(org, "live", "runs:write");
    for (int i = 1; i <= 10; i++) {
      Item item = Item.of(post("/v1/agents/runs", invoice("D-" + i), bearer(key)).expect(202));
      assertEquals(100 - 10L * i, item.r());
      assertEquals(100, item.q());
    }
    Reply refused = post("/v1/agents/runs", invoice("D-11"), bearer(key)).expect(402);
    assertEquals("insufficient_credits", refused.code());
    assertEquals(new Item(100, 0, Item.of(refused).t()), Item.of(refused));
  }

  @Test
  void aBudgetThatLeavesLessBindsFirst() {
    String org = Api.newOrg("team");
    String admin = Api.orgToken(org, "org_admin");
    String key = Api.newKey(org, "live", "runs:write");
    long balance = balanceOf(org);
    send("PUT", "/console/v1/credits/budget", "{\"limit\":25}", bearer(admin)).expect(200);
    Item me = Item.of(get("/v1/me", bearer(key)).expect(200));
    // /v1/me reads no table: a recent reading (at most the max age old) or one read of its own
    assertTrue(me.q() == 25 || me.q() == balance, me::toString);
    assertEquals(
        new Item(25, 15, 0),
        zeroT(Item.of(post("/v1/agents/runs", invoice("X-1"), bearer(key)).expect(202))));
    assertEquals(
        new Item(25, 5, 0),
        zeroT(Item.of(post("/v1/agents/runs", invoice("X-2"), bearer(key)).expect(202))));
    Reply refused = post("/v1/agents/runs", invoice("X-3"), bearer(key)).expect(402);
    assertEquals("budget_exceeded", refused.code());
    assertEquals(new Item(25, 5, 0), zeroT(Item.of(refused)));
    // a budget above what the balance allows does not bind: the balance does
    send("PUT", "/console/v1/credits/budget", "{\"limit\":" + (balance * 2) + "}", bearer(admin))
        .expect(200);
    Item unbound = Item.of(post("/v1/agents/runs", invoice("X-3"), bearer(key)).expect(202));
    assertEquals(new Item(balance, balance - 30, 0), zeroT(unbound));
  }

  /**
   * Another node's debit, here the org's figures changed in the database around this node: the
   * node's feed reads the orgs it served lately each second, so the field shows the movement well
   * before the max age (10 s in the tests) would make a request read it. Without the feed the
   * reading of the first answer stands for the whole max age.
   */
  @Test
  void anotherNodesDebitShowsWithinAboutASecond() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read");
    long before = Item.of(get("/v1/me", bearer(key)).expect(200)).r();
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement debit =
            admin.prepareStatement(
                "UPDATE credit_usage_periods SET balance = balance - 7, used = used + 7"
                    + " WHERE org_id = ?::uuid"
                    + " AND period_start = date_trunc('month', now() AT TIME ZONE 'UTC')::date")) {
      debit.setString(1, org);
      assertEquals(1, debit.executeUpdate());
    }
    await("the other node's debit in the credits item")
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Item.of(get("/v1/me", bearer(key)).expect(200)).r(), r -> r == before - 7);
  }

  @Test
  void consoleAndPlatformAnswersCarryNoCreditsItem() {
    String org = Api.newOrg("team");
    Reply console = get("/console/v1/credits", bearer(Api.orgToken(org, "org_admin"))).expect(200);
    assertNotNull(console.header("RateLimit-Policy"));
    assertFalse(
        console.header("RateLimit-Policy").contains("credits"), console.header("RateLimit-Policy"));
    assertFalse(console.header("RateLimit").contains("credits"), console.header("RateLimit"));
    Reply platform = get("/platform/v1/orgs/" + org, bearer(Api.platformToken())).expect(200);
    assertFalse(platform.header("RateLimit-Policy").contains("credits"));
    // a key that does not authenticate learns nothing of any org's credits
    Reply unknown = get("/v1/me", "Authorization", "Bearer eck_live_nope").expect(401);
    assertEquals(null, unknown.header("RateLimit-Policy"));
  }

  private static Item zeroT(Item item) {
    return new Item(item.q(), item.r(), 0);
  }

  /** The org's balance, as the console reads it. */
  private static long balanceOf(String org) {
    return get("/console/v1/credits", bearer(Api.orgToken(org, "org_admin")))
        .expect(200)
        .json()
        .getJsonNumber("balance")
        .longValue();
  }

  /** A document, a run from it awaiting review and its triage item, a key: the org's own ids. */
  private static Map<String, String> objects(String org, String key) {
    Map<String, String> ids = new HashMap<>();
    JsonObject document =
        post(
                "/v1/documents?name=a.txt",
                "credits fields",
                "Authorization",
                "Bearer " + key,
                "Content-Type",
                "text/plain")
            .expect(201)
            .json();
    ids.put("documents", document.getString("id"));
    String run =
        post("/v1/agents/runs", invoice("O-1"), bearer(key)).expect(202).json().getString("id");
    JsonObject reviewed = Api.awaitRun(key, run);
    ids.put("runs", run);
    ids.put("triage-items", reviewed.getString("triage_item_id"));
    ids.put("orgs", org);
    return ids;
  }

  private static List<Reply> concurrently(
      int callers, java.util.function.Function<Integer, Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int n = i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return call.apply(n);
              }));
    }
    start.countDown();
    List<Reply> replies = new ArrayList<>();
    for (Future<Reply> result : results) {
      replies.add(result.get(2, TimeUnit.MINUTES));
    }
    pool.shutdown();
    return replies;
  }
}
