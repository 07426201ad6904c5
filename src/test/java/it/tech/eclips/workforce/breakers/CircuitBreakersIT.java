package it.tech.eclips.workforce.breakers;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-org, per-mode, per-agent-type circuit breakers: open, refuse, half-open trial, close,
 * persist; a test-mode failure flood never touches the live breaker.
 */
@ExtendWith(Deployments.class)
class CircuitBreakersIT {

  private static final String RUNS = "/v1/agents/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";
  private static final String FAILING =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";

  /** {@code key} is a test key (it can simulate failures); {@code live} a live one. */
  private record Org(String id, String key, String live) {
    static Org create() {
      String org = Api.newOrg("enterprise");
      String[] scopes = {"runs:read", "runs:write", "credits:read"};
      return new Org(org, Api.newKey(org, "test", scopes), Api.newKey(org, "live", scopes));
    }
  }

  private static JsonObject run(Org org, String body) {
    return awaitRun(
        org.key(), post(RUNS, body, bearer(org.key())).expect(202).json().getString("id"));
  }

  private static void failTimes(Org org, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals("failed", run(org, FAILING).getString("status"));
    }
  }

  /** The test-mode breaker, which the test key's simulated failures drive. */
  private static JsonObject breaker(Org org, String agentType) {
    return breaker(org, agentType, "test");
  }

  private static JsonObject breaker(Org org, String agentType, String mode) {
    return get(
            "/console/v1/agents/circuit-breakers?mode=" + mode,
            bearer(orgToken(org.id(), "org_member")))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(JsonObject.class::cast)
        .filter(b -> b.getString("agent_type").equals(agentType))
        .findFirst()
        .orElseThrow();
  }

  private static long balance(Org org) {
    return get("/v1/credits", bearer(org.key()))
        .expect(200)
        .json()
        .getJsonNumber("balance")
        .longValue();
  }

  private static int runCount(Org org) {
    return get(RUNS + "?limit=100", bearer(org.key()))
        .expect(200)
        .json()
        .getJsonArray("data")
        .size();
  }

  /** Moves the test breaker's open period into the past, as if its 60 s had gone by. */
  private static void elapseOpenPeriod(Org org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement update =
            admin.prepareStatement(
                "UPDATE agent_circuit_breakers SET opened_at = opened_at - interval '61 seconds'"
                    + " WHERE org_id = ?::uuid AND NOT livemode AND agent_type = 'document_classifier'")) {
      update.setString(1, org.id());
      assertEquals(1, update.executeUpdate());
    }
  }

  /**
   * Opens the live breaker as the database would have after five live agent failures, its open
   * period already over (live keys cannot simulate failures).
   */
  private static void openLiveBreakerReadyForTrial(Org org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement insert =
            admin.prepareStatement(
                "INSERT INTO agent_circuit_breakers (org_id, id, livemode, agent_type, state,"
                    + " consecutive_failures, opened_at) VALUES (?::uuid, gen_random_uuid(), true,"
                    + " 'document_classifier', 'open', 5, now() - interval '61 seconds')")) {
      insert.setString(1, org.id());
      assertEquals(1, insert.executeUpdate());
    }
  }

  @Test
  void fiveConsecutiveFailuresOpenItAndItRefusesWithoutChargingOrCreating() {
    Org org = Org.create();
    failTimes(org, 4);
    assertEquals("closed", breaker(org, "document_classifier").getString("state"));
    assertEquals(4, breaker(org, "document_classifier").getInt("consecutive_failures"));
    failTimes(org, 1);
    assertEquals("open", breaker(org, "document_classifier").getString("state"));

    long balance = balance(org);
    int runs = runCount(org);
    Reply refused = post(RUNS, CLASSIFY, bearer(org.key()));
    assertEquals(503, refused.status());
    assertEquals("circuit_open", refused.code());
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter > 50 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(balance, balance(org));
    assertEquals(runs, runCount(org));

    assertEquals(202, post(RUNS, invoice("INV-" + UUID.randomUUID()), bearer(org.key())).status());
    Org other = Org.create();
    assertEquals(202, post(RUNS, CLASSIFY, bearer(other.key())).status());

    Api.verifyAudit(org.id());
    JsonObject denials =
        get("/console/v1/audit-log?limit=100", bearer(orgToken(org.id(), "org_admin")))
            .expect(200)
            .json();
    assertTrue(
        denials.getJsonArray("data").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "circuit_open".equals(e.getString("code", null))
                        && "denied".equals(e.getString("outcome"))),
        "the refusal is audited as a denial");
  }

  @Test
  void aSuccessBetweenFailuresResetsTheCount() {
    Org org = Org.create();
    failTimes(org, 4);
    run(org, CLASSIFY);
    failTimes(org, 4);
    assertEquals("closed", breaker(org, "document_classifier").getString("state"));
  }

  /**
   * The requests would all fail, so the trial's failure re-opens the breaker: however the requests
   * interleave with the trial's execution, exactly one may be admitted.
   */
  @Test
  void ofConcurrentRequestsAfterTheOpenPeriodExactlyOneIsTheTrial() throws Exception {
    Org org = Org.create();
    failTimes(org, 5);
    elapseOpenPeriod(org);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return post(RUNS, FAILING, bearer(org.key()));
              }));
    }
    start.countDown();
    List<Reply> all = replies.stream().map(CompletableFuture::join).toList();
    List<Reply> admitted = all.stream().filter(r -> r.status() == 202).toList();
    assertEquals(1, admitted.size(), all.toString());
    assertEquals(
        9,
        all.stream()
            .filter(r -> "circuit_open".equals(r.status() == 503 ? r.code() : null))
            .count());
    awaitRun(org.key(), admitted.get(0).json().getString("id"));
    assertEquals("open", breaker(org, "document_classifier").getString("state"));
  }

  @Test
  void aSuccessfulTrialClosesIt() throws Exception {
    Org org = Org.create();
    failTimes(org, 5);
    elapseOpenPeriod(org);
    String trial = post(RUNS, CLASSIFY, bearer(org.key())).expect(202).json().getString("id");
    awaitRun(org.key(), trial);
    JsonObject closed = breaker(org, "document_classifier");
    assertEquals("closed", closed.getString("state"));
    assertEquals(0, closed.getInt("consecutive_failures"));
    assertEquals(202, post(RUNS, CLASSIFY, bearer(org.key())).status());
  }

  @Test
  void aFailedTrialReopensForAnotherPeriod() throws Exception {
    Org org = Org.create();
    failTimes(org, 5);
    elapseOpenPeriod(org);
    failTimes(org, 1);
    JsonObject reopened = breaker(org, "document_classifier");
    assertEquals("open", reopened.getString("state"));
    assertTrue(reopened.getInt("retry_after_seconds") > 50);
    assertEquals(503, post(RUNS, CLASSIFY, bearer(org.key())).status());
  }

  @Test
  void adminsResetMembersDoNot() {
    Org org = Org.create();
    failTimes(org, 5);
    String path = "/console/v1/agents/circuit-breakers/document_classifier/reset?mode=test";
    assertEquals(403, post(path, null, bearer(orgToken(org.id(), "org_member"))).status());
    JsonObject liveReset =
        post(
                "/console/v1/agents/circuit-breakers/document_classifier/reset",
                null,
                bearer(orgToken(org.id(), "org_admin")))
            .expect(200)
            .json();
    assertTrue(liveReset.getBoolean("livemode"), "without ?mode= a reset is live");
    assertEquals("open", breaker(org, "document_classifier").getString("state"));
    assertEquals(
        "invalid_request",
        post(
                "/console/v1/agents/circuit-breakers/document_classifier/reset?mode=both",
                null,
                bearer(orgToken(org.id(), "org_admin")))
            .code());
    assertEquals(
        404,
        post(
                "/console/v1/agents/circuit-breakers/nope/reset",
                null,
                bearer(orgToken(org.id(), "org_admin")))
            .status());
    String stranger = orgToken(Org.create().id(), "org_admin");
    post(path, null, bearer(stranger)).expect(200);
    assertEquals(
        "open", breaker(org, "document_classifier").getString("state"), "another org's reset");
    JsonObject reset = post(path, null, bearer(orgToken(org.id(), "org_admin"))).expect(200).json();
    assertEquals("closed", reset.getString("state"));
    assertEquals(202, post(RUNS, CLASSIFY, bearer(org.key())).status());
  }

  /**
   * Liberty redeploys the application when its archive changes: every bean and cache starts again,
   * and the breaker is still open, because its only state is its row.
   */
  @Test
  void anOpenBreakerStaysOpenAcrossARestartOfTheApplication() throws Exception {
    Org org = Org.create();
    failTimes(org, 5);
    Api.restartApplication();
    assertEquals(503, post(RUNS, CLASSIFY, bearer(org.key())).status());
    assertEquals("open", breaker(org, "document_classifier").getString("state"));
  }

  /**
   * Issue 19: free (refunded) test-mode failures used to open the org's one breaker and stop its
   * live work. The test breaker opens; the live one never hears of it.
   */
  @Test
  void aTestModeFailureFloodNeverStopsLiveRuns() {
    Org org = Org.create();
    failTimes(org, 5);
    assertEquals("open", breaker(org, "document_classifier").getString("state"));
    for (int i = 0; i < 3; i++) {
      assertEquals(503, post(RUNS, FAILING, bearer(org.key())).status(), "the test key's own");
    }
    JsonObject live = breaker(org, "document_classifier", "live");
    assertEquals("closed", live.getString("state"));
    assertEquals(0, live.getInt("consecutive_failures"));
    assertTrue(live.getBoolean("livemode"));
    assertEquals(202, post(RUNS, CLASSIFY, bearer(org.live())).status());

    List<JsonObject> both =
        get("/console/v1/agents/circuit-breakers", bearer(orgToken(org.id(), "org_member")))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertTrue(
        both.stream()
            .anyMatch(
                b ->
                    !b.getBoolean("livemode")
                        && b.getString("agent_type").equals("document_classifier")
                        && b.getString("state").equals("open")),
        "the list holds both modes: " + both);
    assertEquals(
        "invalid_request",
        get("/console/v1/agents/circuit-breakers?mode=x", bearer(orgToken(org.id(), "org_member")))
            .code());
  }

  /**
   * A test run can neither take the live breaker's one trial nor close it by succeeding: the live
   * breaker stays open for a live trial.
   */
  @Test
  void testRunsNeverClaimOrCloseTheLiveTrial() throws Exception {
    Org org = Org.create();
    openLiveBreakerReadyForTrial(org);
    for (int i = 0; i < 3; i++) {
      assertNotEquals("failed", run(org, CLASSIFY).getString("status"), "a test-mode success");
    }
    JsonObject live = breaker(org, "document_classifier", "live");
    assertEquals("open", live.getString("state"));
    assertTrue(live.isNull("trial_run_id"), live.toString());
    String trial = post(RUNS, CLASSIFY, bearer(org.live())).expect(202).json().getString("id");
    awaitRun(org.live(), trial);
    assertEquals("closed", breaker(org, "document_classifier", "live").getString("state"));
  }
}
