package it.tech.eclips.workforce.trust;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trust gates route results by level and reason; reviewers' decisions move the profile: live ones
 * only, never the submitter's own, and a promotion needs distinct reviewers. Each mode has its own
 * profile.
 */
@ExtendWith(Deployments.class)
class TrustIT {

  private static final String RUNS = "/v1/agents/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";

  /**
   * {@code live} submits; {@code reviewers} are three other live keys; {@code test} and {@code
   * testReviewer} the same in test mode.
   */
  private record Org(
      String id, String live, List<String> reviewers, String test, String testReviewer) {
    static Org create() {
      String org = Api.newOrg("enterprise");
      String[] scopes = {"runs:read", "runs:write", "triage:read", "triage:write"};
      return new Org(
          org,
          Api.newKey(org, "live", scopes),
          List.of(
              Api.newKey(org, "live", scopes),
              Api.newKey(org, "live", scopes),
              Api.newKey(org, "live", scopes)),
          Api.newKey(org, "test", scopes),
          Api.newKey(org, "test", scopes));
    }

    /** Reviewers taking turns, so every streak has three distinct reviewers. */
    String reviewer(int i) {
      return reviewers.get(i % reviewers.size());
    }
  }

  private static JsonObject run(String key, String body) {
    return awaitRun(key, post(RUNS, body, bearer(key)).expect(202).json().getString("id"));
  }

  private static List<String> reasons(String key, JsonObject run) {
    return get("/v1/triage-items/" + run.getString("triage_item_id"), bearer(key))
        .expect(200)
        .json()
        .getJsonArray("reasons")
        .getValuesAs(jakarta.json.JsonString.class)
        .stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }

  private static void resolve(String key, JsonObject run, String decision) {
    resolving(key, run, decision).expect(200);
  }

  private static Api.Reply resolving(String key, JsonObject run, String decision) {
    return post(
        "/v1/triage-items/" + run.getString("triage_item_id") + "/resolve",
        "{\"decision\":\"" + decision + "\"}",
        bearer(key));
  }

  /** The live profile. */
  private static JsonObject profile(String org, String agentType) {
    return profile(org, agentType, "live");
  }

  private static JsonObject profile(String org, String agentType, String mode) {
    return get(
            "/console/v1/agents/trust-profiles?mode=" + mode, bearer(orgToken(org, "org_member")))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(JsonObject.class::cast)
        .filter(p -> p.getString("agent_type").equals(agentType))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Approves {@code n} fresh classifier runs, each of which must have gone to review, by the org's
   * reviewers in turn.
   */
  private static void approveRuns(Org org, int n) {
    approveRuns(org, n, org.reviewers());
  }

  private static void approveRuns(Org org, int n, List<String> reviewers) {
    for (int i = 0; i < n; i++) {
      JsonObject run = run(org.live(), CLASSIFY);
      assertEquals("awaiting_review", run.getString("status"), "run " + i);
      resolve(reviewers.get(i % reviewers.size()), run, "approve");
    }
  }

  @Test
  void aNewProfileIsSupervisedAndSendsEveryResultToReview() {
    Org org = Org.create();
    assertEquals("supervised", profile(org.id(), "invoice_processor").getString("level"));
    JsonObject clean = run(org.live(), invoice("INV-" + UUID.randomUUID()));
    assertEquals("awaiting_review", clean.getString("status"));
    assertEquals(List.of("review_required"), reasons(org.live(), clean));
    JsonObject profile = profile(org.id(), "invoice_processor");
    assertEquals("supervised", profile.getString("level"));
    assertEquals(10, profile.getInt("approvals_to_promotion"));
  }

  @Test
  void guardedRoutesExceptionsAndAmountsAboveTheOrgsLimit() {
    Org org = Org.create();
    Api.pinTrust(org.id(), "invoice_processor", "guarded").expect(200);
    assertEquals(
        "succeeded", run(org.live(), invoice("INV-" + UUID.randomUUID())).getString("status"));
    Api.send(
            "PUT",
            "/console/v1/settings",
            "{\"invoice_auto_approve_limit\": 50}",
            bearer(orgToken(org.id(), "org_admin")))
        .expect(200);
    JsonObject large = run(org.live(), invoice("INV-" + UUID.randomUUID()));
    assertEquals("awaiting_review", large.getString("status"));
    assertEquals(List.of("amount_over_limit"), reasons(org.live(), large));
    String bad =
        "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"invoice_number\":\"X-"
            + UUID.randomUUID()
            + "\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\",\"due_date\":\"2026-12-01\","
            + "\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_price\":\"10.00\"}],\"total\":11}}";
    assertEquals(List.of("exception:total_mismatch"), reasons(org.live(), run(org.live(), bad)));
  }

  @Test
  void autonomousRoutesOnlyExceptions() {
    Org org = Org.create();
    Api.pinTrust(org.id(), "invoice_processor", "autonomous").expect(200);
    Api.send(
            "PUT",
            "/console/v1/settings",
            "{\"invoice_auto_approve_limit\": 1}",
            bearer(orgToken(org.id(), "org_admin")))
        .expect(200);
    assertEquals(
        "succeeded", run(org.live(), invoice("INV-" + UUID.randomUUID())).getString("status"));
    String missing = "{\"agent_type\":\"invoice_processor\",\"input\":{\"currency\":\"EUR\"}}";
    List<String> reasons = reasons(org.live(), run(org.live(), missing));
    assertTrue(reasons.contains("exception:missing_field"), reasons.toString());
    assertTrue(!reasons.contains("review_required") && !reasons.contains("amount_over_limit"));
  }

  @Test
  void tenApprovalsPromoteToGuardedFiftyMoreToAutonomousAndARejectionDemotes() {
    Org org = Org.create();
    Org other = Org.create();
    approveRuns(org, 10);
    JsonObject guarded = profile(org.id(), "document_classifier");
    assertEquals("guarded", guarded.getString("level"));
    assertEquals(50, guarded.getInt("approvals_to_promotion"));
    assertEquals("succeeded", run(org.live(), CLASSIFY).getString("status"));
    assertEquals(
        "supervised",
        profile(other.id(), "document_classifier").getString("level"),
        "trust never crosses orgs");

    Api.pinTrust(org.id(), "document_classifier", "supervised").expect(200);
    approveRuns(org, 3);
    assertEquals("supervised", profile(org.id(), "document_classifier").getString("level"));
    Api.pinTrust(org.id(), "document_classifier", null).expect(200);
    approveRuns(org, 9);
    JsonObject run = run(org.live(), CLASSIFY);
    resolve(org.reviewer(0), run, "reject");
    JsonObject reset = profile(org.id(), "document_classifier");
    assertEquals("supervised", reset.getString("level"));
    assertEquals(0, reset.getInt("approval_streak"));
    approveRuns(org, 10);
    assertEquals("guarded", profile(org.id(), "document_classifier").getString("level"));

    // From guarded on, clean results pass unreviewed: invoices with exceptions still go to review.
    String exception = "{\"agent_type\":\"invoice_processor\",\"input\":{\"currency\":\"EUR\"}}";
    for (int i = 0; i < 10; i++) {
      resolve(org.reviewer(i), run(org.live(), exception), "approve");
    }
    assertEquals("guarded", profile(org.id(), "invoice_processor").getString("level"));
    for (int i = 0; i < 50; i++) {
      resolve(org.reviewer(i), run(org.live(), exception), "approve");
    }
    assertEquals("autonomous", profile(org.id(), "invoice_processor").getString("level"));
    resolve(org.reviewer(0), run(org.live(), exception), "reject");
    assertEquals("guarded", profile(org.id(), "invoice_processor").getString("level"));
  }

  @Test
  void testModeDecisionsNeverMoveTheProfile() {
    Org org = Org.create();
    for (int i = 0; i < 10; i++) {
      JsonObject run = run(org.test(), CLASSIFY);
      assertEquals("awaiting_review", run.getString("status"));
      resolve(org.testReviewer(), run, "approve");
    }
    for (String mode : List.of("live", "test")) {
      JsonObject profile = profile(org.id(), "document_classifier", mode);
      assertEquals("supervised", profile.getString("level"), mode);
      assertEquals(0, profile.getInt("approvals"), mode);
    }
  }

  /**
   * Issue 19: each mode has its own profile. Pinning test mode autonomous lets test results pass
   * unreviewed and leaves live runs supervised; the list shows both modes.
   */
  @Test
  void eachModeHasItsOwnProfile() {
    Org org = Org.create();
    Api.pinTrust(org.id(), "document_classifier", "autonomous", "test").expect(200);
    assertEquals("succeeded", run(org.test(), CLASSIFY).getString("status"));
    assertEquals("awaiting_review", run(org.live(), CLASSIFY).getString("status"));
    assertEquals("supervised", profile(org.id(), "document_classifier").getString("level"));
    JsonObject test = profile(org.id(), "document_classifier", "test");
    assertEquals("autonomous", test.getString("level"));
    assertFalse(test.getBoolean("livemode"));
    List<JsonObject> both =
        get("/console/v1/agents/trust-profiles", bearer(orgToken(org.id(), "org_member")))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertEquals(4, both.size(), "two agent types in two modes: " + both);
    assertEquals(
        "invalid_request", Api.pinTrust(org.id(), "document_classifier", "guarded", "both").code());
  }

  /**
   * Issue 19: a key holding runs:write and triage:write approved what it had just submitted, and
   * sixty such approvals made the live agent autonomous. Each is now refused and counts for
   * nothing.
   */
  @Test
  void sixtySelfApprovalsAreRefusedAndLeaveTheAgentSupervised() {
    Org org = Org.create();
    for (int i = 0; i < 60; i++) {
      JsonObject run = run(org.live(), CLASSIFY);
      assertEquals("awaiting_review", run.getString("status"), "run " + i);
      Api.Reply refused = resolving(org.live(), run, "approve");
      assertEquals(403, refused.status());
      assertEquals("self_review_forbidden", refused.code());
    }
    JsonObject profile = profile(org.id(), "document_classifier");
    assertEquals("supervised", profile.getString("level"));
    assertEquals(0, profile.getInt("approvals"));
  }

  /**
   * One other reviewer is one opinion however often it approves: ten approvals by one key leave the
   * agent supervised, the next by a second reviewer promotes; autonomous needs a third.
   */
  @Test
  void promotionNeedsDistinctReviewers() {
    Org org = Org.create();
    approveRuns(org, 12, List.of(org.reviewer(0)));
    JsonObject waiting = profile(org.id(), "document_classifier");
    assertEquals("supervised", waiting.getString("level"));
    assertEquals(12, waiting.getInt("approval_streak"));
    assertEquals(0, waiting.getInt("approvals_to_promotion"));
    assertEquals(1, waiting.getInt("distinct_reviewers"));
    assertEquals(1, waiting.getInt("reviewers_to_promotion"));
    approveRuns(org, 1, List.of(org.reviewer(1)));
    JsonObject guarded = profile(org.id(), "document_classifier");
    assertEquals("guarded", guarded.getString("level"));
    assertEquals(3, guarded.getInt("reviewers_to_promotion"));

    // Guarded passes clean results; invoices with an exception still go to review.
    String exception = "{\"agent_type\":\"invoice_processor\",\"input\":{\"currency\":\"EUR\"}}";
    Api.pinTrust(org.id(), "invoice_processor", "guarded").expect(200);
    Api.pinTrust(org.id(), "invoice_processor", null).expect(200);
    for (int i = 0; i < 55; i++) {
      resolve(org.reviewer(i % 2), run(org.live(), exception), "approve");
    }
    assertEquals("guarded", profile(org.id(), "invoice_processor").getString("level"));
    String member = orgToken(org.id(), "org_member");
    JsonObject last = run(org.live(), exception);
    post(
            "/console/v1/triage-items/" + last.getString("triage_item_id") + "/resolve",
            "{\"decision\":\"approve\"}",
            bearer(member))
        .expect(200);
    assertEquals("autonomous", profile(org.id(), "invoice_processor").getString("level"));
  }

  @Test
  void pinningIsForAdminsWithAKnownLevelAndAgentType() {
    Org org = Org.create();
    String member = orgToken(org.id(), "org_member");
    String admin = orgToken(org.id(), "org_admin");
    String path = "/console/v1/agents/trust-profiles/invoice_processor/pin";
    assertEquals(403, Api.send("PUT", path, "{\"level\":\"guarded\"}", bearer(member)).status());
    assertEquals(
        "invalid_request", Api.send("PUT", path, "{\"level\":\"trusted\"}", bearer(admin)).code());
    assertEquals("invalid_request", Api.send("PUT", path, "{}", bearer(admin)).code());
    assertEquals(
        404,
        Api.send(
                "PUT",
                "/console/v1/agents/trust-profiles/nope/pin",
                "{\"level\":\"guarded\"}",
                bearer(admin))
            .status());
    JsonObject pinned =
        Api.send("PUT", path, "{\"level\":\"guarded\"}", bearer(admin)).expect(200).json();
    assertTrue(pinned.getBoolean("pinned"));
    assertTrue(pinned.isNull("approvals_to_promotion"));
  }
}
