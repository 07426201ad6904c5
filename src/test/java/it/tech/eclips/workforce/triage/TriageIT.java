package it.tech.eclips.workforce.triage;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The triage API: listing, reading and resolving items, in one org and one mode only, by someone
 * other than the submitter, and by an org admin above the org's review threshold.
 */
@ExtendWith(Deployments.class)
class TriageIT {

  private static final String ITEMS = "/v1/triage-items";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";
  private static final String[] SCOPES = {
    "runs:read", "runs:write", "triage:read", "triage:write", "credits:read"
  };

  private static String org;
  private static String live;
  private static String reviewer;
  private static String test;
  private static String testReviewer;
  private static String otherOrgLive;

  /** {@code live} and {@code test} submit; {@code reviewer} and {@code testReviewer} resolve. */
  @BeforeAll
  static void keys() {
    org = Api.newOrg("enterprise");
    live = Api.newKey(org, "live", SCOPES);
    reviewer = Api.newKey(org, "live", SCOPES);
    test = Api.newKey(org, "test", SCOPES);
    testReviewer = Api.newKey(org, "test", SCOPES);
    String other = Api.newOrg("enterprise");
    otherOrgLive = Api.newKey(other, "live", SCOPES);
  }

  /** A run of the supervised classifier: it always waits for review. Returns the run. */
  private static JsonObject reviewRun(String key) {
    JsonObject run =
        awaitRun(
            key, post("/v1/agents/runs", CLASSIFY, bearer(key)).expect(202).json().getString("id"));
    assertEquals("awaiting_review", run.getString("status"));
    return run;
  }

  private static Reply resolve(String key, String item, String body) {
    return post(ITEMS + "/" + item + "/resolve", body, bearer(key));
  }

  private static long balance(String key) {
    return get("/v1/credits", bearer(key)).expect(200).json().getJsonNumber("balance").longValue();
  }

  @Test
  void anItemShowsWhyAndTheResultToJudge() {
    JsonObject run = reviewRun(live);
    JsonObject item =
        get(ITEMS + "/" + run.getString("triage_item_id"), bearer(live)).expect(200).json();
    assertEquals("triage_item", item.getString("object"));
    assertEquals("open", item.getString("status"));
    assertEquals(run.getString("id"), item.getString("run_id"));
    assertTrue(item.getBoolean("livemode"));
    assertEquals("review_required", item.getJsonArray("reasons").getString(0));
    assertEquals("purchase_order", item.getJsonObject("run_output").getString("label"));
  }

  @Test
  void approveSucceedsTheRunAndRejectRejectsItWithoutRefund() {
    JsonObject approved = reviewRun(live);
    JsonObject item =
        resolve(
                reviewer,
                approved.getString("triage_item_id"),
                "{\"decision\":\"approve\",\"note\":\"ok\"}")
            .expect(200)
            .json();
    assertEquals("approved", item.getString("status"));
    assertEquals("ok", item.getString("note"));
    assertTrue(item.getString("resolved_by").startsWith("api_key:"));
    assertEquals("succeeded", awaitRun(live, approved.getString("id")).getString("status"));

    JsonObject rejected = reviewRun(live);
    long before = balance(live);
    resolve(reviewer, rejected.getString("triage_item_id"), "{\"decision\":\"reject\"}")
        .expect(200);
    assertEquals("rejected", awaitRun(live, rejected.getString("id")).getString("status"));
    assertEquals(before, balance(live), "a rejection refunds nothing: the agent did the work");
  }

  @Test
  void resolvingTwiceIsAConflict() {
    String item = reviewRun(live).getString("triage_item_id");
    resolve(reviewer, item, "{\"decision\":\"approve\"}").expect(200);
    Reply again = resolve(reviewer, item, "{\"decision\":\"reject\"}");
    assertEquals(409, again.status());
    assertEquals("triage_item_resolved", again.code());
    assertEquals(
        "approved", get(ITEMS + "/" + item, bearer(live)).expect(200).json().getString("status"));
  }

  @Test
  void ofConcurrentResolutionsExactlyOneWins() throws Exception {
    for (int round = 0; round < 3; round++) {
      String item = reviewRun(live).getString("triage_item_id");
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String decision = i % 2 == 0 ? "approve" : "reject";
        replies.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return resolve(reviewer, item, "{\"decision\":\"" + decision + "\"}");
                }));
      }
      start.countDown();
      List<Integer> statuses = replies.stream().map(r -> r.join().status()).sorted().toList();
      assertEquals(List.of(200, 409, 409, 409, 409, 409, 409, 409), statuses);
    }
  }

  @Test
  void listsPageAndFilterByStatusWithinTheKeysMode() {
    String open = reviewRun(test).getString("triage_item_id");
    String done = reviewRun(test).getString("triage_item_id");
    resolve(testReviewer, done, "{\"decision\":\"approve\"}").expect(200);
    List<String> openIds =
        ids(get(ITEMS + "?status=open&limit=100", bearer(test)).expect(200).json());
    assertTrue(openIds.contains(open));
    assertFalse(openIds.contains(done));
    List<String> approved =
        ids(get(ITEMS + "?status=approved&limit=100", bearer(test)).expect(200).json());
    assertTrue(approved.contains(done));
    JsonObject first = get(ITEMS + "?limit=1", bearer(test)).expect(200).json();
    assertTrue(first.getBoolean("has_more"));
    String cursor = ids(first).get(0);
    JsonObject next =
        get(ITEMS + "?limit=1&starting_after=" + cursor, bearer(test)).expect(200).json();
    assertFalse(ids(next).contains(cursor));
    assertEquals("invalid_request", get(ITEMS + "?status=closed", bearer(test)).code());
    for (String id : ids(get(ITEMS + "?limit=100", bearer(live)).expect(200).json())) {
      assertFalse(id.equals(open) || id.equals(done), "a live key lists no test item");
    }
  }

  @Test
  void anotherOrgsOrModesItemIsNotFound() {
    String item = reviewRun(live).getString("triage_item_id");
    for (String stranger : List.of(otherOrgLive, test)) {
      assertEquals("not_found", get(ITEMS + "/" + item, bearer(stranger)).code());
      assertEquals("not_found", resolve(stranger, item, "{\"decision\":\"approve\"}").code());
    }
    assertEquals("not_found", get(ITEMS + "/not-a-uuid", bearer(live)).code());
    assertEquals(
        "open", get(ITEMS + "/" + item, bearer(live)).expect(200).json().getString("status"));
  }

  @Test
  void scopesAndBodiesAreChecked() {
    String item = reviewRun(live).getString("triage_item_id");
    String readOnly = Api.newKey(org, "live", "triage:read");
    Reply denied = resolve(readOnly, item, "{\"decision\":\"approve\"}");
    assertEquals(403, denied.status());
    assertEquals("insufficient_scope", denied.code());
    String runsOnly = Api.newKey(org, "live", "runs:read");
    assertEquals("insufficient_scope", get(ITEMS, bearer(runsOnly)).code());
    assertEquals("invalid_request", resolve(live, item, "{\"decision\":\"maybe\"}").code());
    assertEquals(
        "invalid_request", resolve(live, item, "{\"decision\":\"approve\",\"x\":1}").code());
    assertEquals(
        "invalid_request",
        resolve(live, item, "{\"decision\":\"approve\",\"note\":\"" + "n".repeat(2001) + "\"}")
            .code());
  }

  @Test
  void consoleUsersSeeBothModesAndResolve() {
    String liveItem = reviewRun(live).getString("triage_item_id");
    String testItem = reviewRun(test).getString("triage_item_id");
    String member = orgToken(org, "org_member");
    List<String> listed =
        ids(
            get("/console/v1/triage-items?status=open&limit=100", bearer(member))
                .expect(200)
                .json());
    assertTrue(listed.contains(liveItem) && listed.contains(testItem));
    JsonObject resolved =
        post(
                "/console/v1/triage-items/" + testItem + "/resolve",
                "{\"decision\":\"reject\"}",
                bearer(member))
            .expect(200)
            .json();
    assertEquals("rejected", resolved.getString("status"));
    assertTrue(resolved.getString("resolved_by").startsWith("user:"));
    String stranger = orgToken(Api.newOrg("enterprise"), "org_admin");
    assertEquals(404, get("/console/v1/triage-items/" + liveItem, bearer(stranger)).status());
    assertEquals(
        404,
        post(
                "/console/v1/triage-items/" + liveItem + "/resolve",
                "{\"decision\":\"approve\"}",
                bearer(stranger))
            .status());
  }

  @Test
  void resolutionsAreAuditedInTheirTransaction() {
    String item = reviewRun(live).getString("triage_item_id");
    resolve(reviewer, item, "{\"decision\":\"approve\"}").expect(200);
    String admin = orgToken(org, "org_admin");
    JsonObject entries =
        get("/console/v1/audit-log?action=triage_item.approved&limit=100", bearer(admin))
            .expect(200)
            .json();
    assertTrue(
        entries.getJsonArray("data").stream()
            .map(JsonObject.class::cast)
            .anyMatch(e -> item.equals(e.getString("resource_id", null))),
        entries.toString());
    assertTrue(Api.verifyAudit(org).getBoolean("valid"));
  }

  /**
   * Issue 19: the key that submitted a run approved its own triage item. Now 403 in both modes,
   * also for a key rotated from the submitter; another key or a console user decides.
   */
  @Test
  void theSubmitterCannotResolveItsOwnItem() {
    for (String[] pair : new String[][] {{live, reviewer}, {test, testReviewer}}) {
      String item = reviewRun(pair[0]).getString("triage_item_id");
      Reply refused = resolve(pair[0], item, "{\"decision\":\"approve\"}");
      assertEquals(403, refused.status());
      assertEquals("self_review_forbidden", refused.code());
      assertEquals(
          "open", get(ITEMS + "/" + item, bearer(pair[0])).expect(200).json().getString("status"));
      JsonObject approved = resolve(pair[1], item, "{\"decision\":\"approve\"}").expect(200).json();
      assertTrue(approved.getString("resolved_by").startsWith("api_key:"));
    }

    JsonObject created =
        Api.newKey(org, "{\"name\":\"rotating\",\"mode\":\"live\",\"scopes\":" + scopes() + "}");
    String item = reviewRun(created.getString("key")).getString("triage_item_id");
    String rotated =
        post(
                "/console/v1/api-keys/" + created.getString("id") + "/rotate",
                null,
                bearer(orgToken(org, "org_admin")))
            .expect(201)
            .json()
            .getString("key");
    assertEquals(
        "self_review_forbidden", resolve(rotated, item, "{\"decision\":\"approve\"}").code());
    assertTrue(Api.verifyAudit(org).getBoolean("valid"), "the refusals leave the chain intact");
    JsonObject entries =
        get("/console/v1/audit-log?limit=100", bearer(orgToken(org, "org_admin")))
            .expect(200)
            .json();
    assertTrue(
        entries.getJsonArray("data").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "self_review_forbidden".equals(e.getString("code", null))
                        && "denied".equals(e.getString("outcome"))),
        "a refused self-review is audited as a denial");
  }

  /**
   * An org can require an org admin above an amount: a key or an org member is refused (403
   * reviewer_not_authorized), an org admin resolves; at or below it, and for results without a
   * total, anyone but the submitter may.
   */
  @Test
  void aboveTheReviewThresholdOnlyAnOrgAdminResolves() {
    String reviewOrg = Api.newOrg("enterprise");
    String submitter = Api.newKey(reviewOrg, "live", SCOPES);
    String other = Api.newKey(reviewOrg, "live", SCOPES);
    String admin = orgToken(reviewOrg, "org_admin");
    String member = orgToken(reviewOrg, "org_member");
    JsonObject settings =
        Api.send("PUT", "/console/v1/settings", "{\"review_admin_threshold\": 50}", bearer(admin))
            .expect(200)
            .json();
    assertEquals(50, settings.getJsonNumber("review_admin_threshold").intValue());
    assertEquals(
        10000, settings.getJsonNumber("invoice_auto_approve_limit").intValue(), "kept as it was");
    assertEquals(
        403,
        Api.send("PUT", "/console/v1/settings", "{\"review_admin_threshold\": 1}", bearer(member))
            .status());

    // The invoice's total is 71.96.
    String item = invoiceForReview(submitter);
    for (String[] who : new String[][] {{ITEMS, other}, {"/console/v1/triage-items", member}}) {
      Reply refused =
          post(who[0] + "/" + item + "/resolve", "{\"decision\":\"approve\"}", bearer(who[1]));
      assertEquals(403, refused.status(), who[0]);
      assertEquals("reviewer_not_authorized", refused.code());
    }
    assertEquals(
        "self_review_forbidden",
        resolve(submitter, item, "{\"decision\":\"approve\"}").code(),
        "the submitter is refused first, whatever the amount");
    post(
            "/console/v1/triage-items/" + item + "/resolve",
            "{\"decision\":\"approve\"}",
            bearer(admin))
        .expect(200);

    String classified = reviewRun(submitter).getString("triage_item_id");
    resolve(other, classified, "{\"decision\":\"approve\"}").expect(200);
    Api.send("PUT", "/console/v1/settings", "{\"review_admin_threshold\": 100}", bearer(admin))
        .expect(200);
    resolve(other, invoiceForReview(submitter), "{\"decision\":\"approve\"}").expect(200);
    JsonObject lifted =
        Api.send("PUT", "/console/v1/settings", "{\"review_admin_threshold\": null}", bearer(admin))
            .expect(200)
            .json();
    assertTrue(lifted.isNull("review_admin_threshold"));
    assertEquals(
        "invalid_request", Api.send("PUT", "/console/v1/settings", "{}", bearer(admin)).code());
    assertEquals(
        "invalid_request",
        Api.send("PUT", "/console/v1/settings", "{\"review_admin_threshold\": -1}", bearer(admin))
            .code());
  }

  private static String invoiceForReview(String key) {
    JsonObject run =
        awaitRun(
            key,
            post("/v1/agents/runs", Api.invoice("INV-" + java.util.UUID.randomUUID()), bearer(key))
                .expect(202)
                .json()
                .getString("id"));
    assertEquals("awaiting_review", run.getString("status"));
    return run.getString("triage_item_id");
  }

  private static String scopes() {
    return java.util.Arrays.stream(SCOPES)
        .map(s -> "\"" + s + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream()
        .map(JsonObject.class::cast)
        .map(o -> o.getString("id"))
        .toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
