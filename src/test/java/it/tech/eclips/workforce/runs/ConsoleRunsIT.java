package it.tech.eclips.workforce.runs;

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
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's runs: one mode at a time, filtered by status and agent type, summaries in the list
 * and input and output in the detail, for members and admins of the org alone; each read audited; a
 * filtered page looks at a bounded window of runs, whatever the filter matches.
 */
@ExtendWith(Deployments.class)
class ConsoleRunsIT {

  private static final String RUNS = "/console/v1/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order 4711\"}}";
  private static final String FAIL =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";

  private static String org;
  private static String member;
  private static String admin;
  private static List<String> testRuns = new ArrayList<>();
  private static String failedRun;
  private static String liveRun;

  @BeforeAll
  static void runs() {
    org = Api.newOrg("enterprise");
    member = orgToken(org, "org_member");
    admin = orgToken(org, "org_admin");
    String test = Api.newKey(org, "test", "runs:read", "runs:write");
    String live = Api.newKey(org, "live", "runs:read", "runs:write");
    for (int i = 0; i < 2; i++) {
      testRuns.add(run(test, CLASSIFY));
    }
    failedRun = run(test, FAIL);
    testRuns.add(failedRun);
    liveRun = run(live, CLASSIFY);
    for (String id : testRuns) {
      awaitRun(test, id);
    }
    awaitRun(live, liveRun);
  }

  @Test
  void aMemberListsOneModesRunsNewestFirstWithoutTheirInputs() {
    JsonObject page = get(RUNS + "?mode=test", bearer(member)).expect(200).json();
    assertEquals(List.of(testRuns.get(2), testRuns.get(1), testRuns.get(0)), ids(page));
    assertFalse(page.getBoolean("has_more"));
    assertEquals(JsonValue.NULL, page.get("next_starting_after"));
    for (JsonValue item : page.getJsonArray("data")) {
      JsonObject run = item.asJsonObject();
      assertEquals("agent_run_summary", run.getString("object"));
      assertFalse(run.containsKey("input"), "the list carries no input");
      assertFalse(run.getBoolean("livemode"));
    }
    // the default mode is live, and live shows only the live run
    assertEquals(List.of(liveRun), ids(get(RUNS, bearer(member)).expect(200).json()));
    assertEquals(List.of(liveRun), ids(get(RUNS + "?mode=live", bearer(admin)).expect(200).json()));
  }

  @Test
  void filtersByStatusAndAgentType() {
    assertEquals(
        List.of(failedRun),
        ids(get(RUNS + "?mode=test&status=failed", bearer(member)).expect(200).json()));
    assertEquals(
        List.of(),
        ids(get(RUNS + "?mode=test&agent_type=invoice_processor", bearer(member)).json()));
    assertEquals(
        3,
        ids(get(RUNS + "?mode=test&agent_type=document_classifier", bearer(member)).json()).size());
    String status =
        get(RUNS + "/" + testRuns.get(0), bearer(member)).expect(200).json().getString("status");
    assertTrue(
        ids(get(RUNS + "?mode=test&status=" + status, bearer(member)).json())
            .contains(testRuns.get(0)));
  }

  @Test
  void pagesWithNextStartingAfterWithoutRepeatingARun() {
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      JsonObject page =
          get(
                  RUNS + "?mode=test&limit=1" + (after == null ? "" : "&starting_after=" + after),
                  bearer(member))
              .expect(200)
              .json();
      List<String> ids = ids(page);
      assertTrue(ids.size() <= 1);
      for (String id : ids) {
        assertTrue(seen.add(id), "repeated " + id);
      }
      after = page.getBoolean("has_more") ? page.getString("next_starting_after") : (String) null;
      pages++;
    } while (after != null && pages < 10);
    assertEquals(Set.copyOf(testRuns), seen);
  }

  @Test
  void theDetailShowsInputAndOutputOfEitherMode() {
    JsonObject run = get(RUNS + "/" + testRuns.get(0), bearer(member)).expect(200).json();
    assertEquals("agent_run", run.getString("object"));
    assertEquals("purchase order 4711", run.getJsonObject("input").getString("text"));
    assertTrue(run.get("output") instanceof JsonObject, run.toString());
    JsonObject failed = get(RUNS + "/" + failedRun, bearer(admin)).expect(200).json();
    assertEquals("failed", failed.getString("status"));
    assertEquals("agent_failure", failed.getJsonObject("error").getString("code"));
    assertTrue(get(RUNS + "/" + liveRun, bearer(member)).expect(200).json().getBoolean("livemode"));
  }

  @Test
  void anotherOrgSeesNothing() {
    String stranger = orgToken(Api.newOrg("enterprise"), "org_admin");
    assertEquals(List.of(), ids(get(RUNS + "?mode=test", bearer(stranger)).expect(200).json()));
    get(RUNS + "/" + testRuns.get(0), bearer(stranger)).expect(404);
    get(RUNS + "?mode=test&starting_after=" + testRuns.get(0), bearer(stranger)).expect(400);
    get(RUNS, bearer(Api.platformToken())).expect(403);
    get(RUNS).expect(401);
  }

  @Test
  void badFiltersAre400() {
    for (String query :
        List.of(
            "?mode=prod",
            "?status=done",
            "?agent_type=poet",
            "?limit=0",
            "?limit=101",
            "?starting_after=nope",
            "?mode=test&starting_after=" + liveRun)) {
      JsonObject problem = get(RUNS + query, bearer(member)).expect(400).json();
      assertEquals(400, problem.getInt("status"), query);
    }
    get(RUNS + "/not-a-uuid", bearer(member)).expect(404);
    get(RUNS + "/" + UUID.randomUUID(), bearer(member)).expect(404);
  }

  /**
   * 1,005 runs of one status after one run of another: the page for the rare status does not scan
   * the org's history; it stops at the window and says where to go on, and the next page finds it.
   */
  @Test
  void aFilteredPageLooksAtABoundedWindow() throws Exception {
    String crowded = Api.newOrg("enterprise");
    String reader = orgToken(crowded, "org_member");
    UUID rare = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement insert =
            admin.prepareStatement(
                "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input,"
                    + " created_at) VALUES (?::uuid, ?, 'document_classifier', ?, false,"
                    + " '{}'::jsonb, now() - make_interval(secs => ?))")) {
      insert.setString(1, crowded);
      insert.setObject(2, rare);
      insert.setString(3, "rejected");
      insert.setInt(4, 5_000);
      insert.executeUpdate();
      for (int i = 0; i < 1_005; i++) {
        insert.setObject(2, UUID.randomUUID());
        insert.setString(3, "succeeded");
        insert.setInt(4, i);
        insert.addBatch();
      }
      insert.executeBatch();
      assertEquals(
          1_006,
          Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + crowded + "'"));
    }
    JsonObject first = get(RUNS + "?mode=test&status=rejected", bearer(reader)).expect(200).json();
    assertEquals(List.of(), ids(first), "the rare run lies beyond the first window");
    assertTrue(first.getBoolean("has_more"));
    String next = first.getString("next_starting_after");
    JsonObject second =
        get(RUNS + "?mode=test&status=rejected&starting_after=" + next, bearer(reader))
            .expect(200)
            .json();
    assertEquals(List.of(rare.toString()), ids(second));
    assertFalse(second.getBoolean("has_more"));
  }

  @Test
  void listsAndDetailsAreAudited() throws Exception {
    String audited = Api.newOrg("enterprise");
    String reader = orgToken(audited, "org_member");
    String key = Api.newKey(audited, "test", "runs:read", "runs:write");
    String run = run(key, CLASSIFY);
    get(RUNS + "?mode=test", bearer(reader)).expect(200);
    get(RUNS + "/" + run, bearer(reader)).expect(200);
    get(RUNS + "?mode=bad", bearer(reader)).expect(400);
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          1,
          Catalog.count(
              admin,
              "SELECT count(*) FROM audit_log WHERE org_id = '"
                  + audited
                  + "' AND action = 'agent_run.listed' AND actor_type = 'user'"));
      assertEquals(
          1,
          Catalog.count(
              admin,
              "SELECT count(*) FROM audit_log WHERE org_id = '"
                  + audited
                  + "' AND action = 'agent_run.viewed' AND resource_id = '"
                  + run
                  + "'"));
    }
  }

  private static String run(String key, String body) {
    return post("/v1/agents/runs", body, bearer(key)).expect(202).json().getString("id");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(v -> v.asJsonObject().getString("id")).toList();
  }
}
