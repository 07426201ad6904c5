package it.tech.eclips.workforce.audit;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every keyed request is audited; the chain verifies, detects tampering, survives retention. */
@ExtendWith(Deployments.class)
class AuditLogIT {

  private static List<JsonObject> entries(String org, String query) {
    Api.verifyAudit(org);
    return get("/console/v1/audit-log?limit=100" + query, bearer(Api.orgToken(org, "org_member")))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(v -> v.asJsonObject())
        .toList();
  }

  @Test
  void allowedAndDeniedRequestsAreAuditedWithTheFirstFailingCode() {
    String org = Api.newOrg("team");
    JsonObject created =
        Api.newKey(org, "{\"name\":\"a\",\"mode\":\"live\",\"scopes\":[\"documents:read\"]}");
    String key = created.getString("key");
    Reply me = get("/v1/me", bearer(key)).expect(200);
    get("/v1/agents/runs", bearer(key)).expect(403);
    Api.send(
            "DELETE",
            "/console/v1/api-keys/" + created.getString("id"),
            null,
            bearer(Api.orgToken(org, "org_admin")))
        .expect(204);
    get("/v1/me", bearer(key)).expect(401);

    JsonObject allowed =
        entries(org, "&action=GET%20/v1/me").stream()
            .filter(e -> e.getString("outcome").equals("allowed"))
            .findFirst()
            .orElseThrow();
    assertEquals(me.header("X-Request-Id"), allowed.getString("request_id"));
    assertEquals(created.getString("id"), allowed.getString("actor_id"));
    assertEquals(created.getString("hint"), allowed.getString("actor_hint"));
    // both written as ASCII JSON text (JsonText escapes the hint's U+2026): the same string arrives
    assertEquals(created.getString("hint"), me.json().getJsonObject("key").getString("hint"));
    List<String> denials =
        entries(org, "").stream()
            .filter(e -> e.getString("outcome").equals("denied"))
            .map(e -> e.getString("code"))
            .sorted()
            .toList();
    assertEquals(List.of("insufficient_scope", "invalid_api_key"), denials);
    assertTrue(
        entries(org, "").stream().anyMatch(e -> e.getString("action").equals("api_key.revoked")));
  }

  @Test
  void aFloodOf429sIsOneEntryWithItsCount() {
    String org = Api.newOrg("team");
    String key =
        Api.newKey(
                org,
                "{\"name\":\"f\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"rate_limit_per_minute\":2}")
            .getString("key");
    for (int i = 0; i < 12; i++) {
      get("/v1/me", bearer(key));
    }
    List<JsonObject> limited =
        entries(org, "").stream()
            .filter(e -> "rate_limited".equals(e.getString("code", null)))
            .toList();
    assertEquals(1, limited.size(), limited::toString);
    assertEquals(10, limited.get(0).getInt("occurrences"));
  }

  @Test
  void acceptingARunIsAuditedInItsTransaction() {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write", "audit:read");
    String run =
        post("/v1/agents/runs", invoice("A-1"), bearer(key)).expect(202).json().getString("id");
    Api.verifyAudit(org);
    JsonObject page = get("/v1/audit-log?action=agent_run.created", bearer(key)).expect(200).json();
    assertEquals(run, page.getJsonArray("data").getJsonObject(0).getString("resource_id"));
    assertEquals(403, get("/v1/audit-log", bearer(Api.newKey(org, "live", "runs:read"))).status());
    assertEquals(400, get("/v1/audit-log?from=yesterday", bearer(key)).status());
  }

  @Test
  void concurrentWritersNeverForkTheChainAndTamperingIsFound() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read", "runs:write");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 60; i++) {
      int n = i;
      pool.submit(
          () ->
              n % 3 == 0
                  ? post("/v1/agents/runs", invoice("F-" + n), bearer(key))
                  : get("/v1/me", bearer(key)));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    JsonObject verified = Api.verifyAudit(org);
    assertTrue(verified.getBoolean("valid"), verified::toString);
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      String where = " FROM audit_log WHERE org_id = '" + org + "'";
      assertEquals(
          Catalog.count(admin, "SELECT count(*)" + where),
          Catalog.count(admin, "SELECT max(seq)" + where));
      assertEquals(
          verified.getInt("entries_checked"), Catalog.count(admin, "SELECT count(*)" + where));
      sql.executeUpdate(
          "UPDATE audit_log SET action = 'nothing to see' WHERE org_id = '"
              + org
              + "' AND seq = 5");
    }
    JsonObject broken = Api.verifyAudit(org);
    assertFalse(broken.getBoolean("valid"));
    assertEquals(5, broken.getInt("first_broken_seq"));
  }

  @Test
  void retentionPurgesOldEntriesAndTheRestStillVerifies() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read");
    for (int i = 0; i < 6; i++) {
      get("/v1/me", bearer(key)).expect(200);
    }
    Api.verifyAudit(org);
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.executeUpdate(
          "UPDATE audit_log SET occurred_at = now() - interval '100 days' WHERE org_id = '"
              + org
              + "' AND seq <= 4");
    }
    assertTrue(
        entries(org, "").stream().noneMatch(e -> e.getInt("seq") <= 4),
        "entries beyond the team plan's 90 days were shown");
    post("/platform/v1/maintenance/audit-retention", null, bearer(Api.platformToken())).expect(200);
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          0,
          Catalog.count(
              admin, "SELECT count(*) FROM audit_log WHERE org_id = '" + org + "' AND seq <= 4"));
      assertEquals(
          4,
          Catalog.count(
              admin, "SELECT through_seq FROM audit_anchors WHERE org_id = '" + org + "'"));
    }
    get("/v1/me", bearer(key)).expect(200);
    JsonObject verified = Api.verifyAudit(org);
    assertTrue(verified.getBoolean("valid"), verified::toString);
    assertEquals(4, verified.getInt("anchored_after_seq"));
  }

  @Test
  void theConsoleExportsJsonLinesAndCsv() {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read");
    get("/v1/me", bearer(key)).expect(200);
    int entries = entries(org, "").size();
    String member = Api.orgToken(org, "org_member");
    Reply jsonl = get("/console/v1/audit-log/export?format=jsonl", bearer(member)).expect(200);
    assertEquals("application/x-ndjson", jsonl.header("Content-Type"));
    // console reads are audited: the page read above, then each export itself before it streams
    assertEquals(entries + 2, jsonl.body().lines().count());
    Reply csv = get("/console/v1/audit-log/export?format=csv", bearer(member)).expect(200);
    assertTrue(csv.header("Content-Type").startsWith("text/csv"));
    assertEquals(1 + entries + 3, csv.body().lines().count());
    assertTrue(csv.body().startsWith("id,seq,occurred_at,"));
    assertEquals(400, get("/console/v1/audit-log/export?format=xml", bearer(member)).status());
  }

  /** Appends entries straight through the chain function, as the group commit would. */
  private static void seed(String org, int entries) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      admin.setAutoCommit(false);
      TestDatabase.enterTenant(admin, org);
      // times with six significant fraction digits, as Instant.toString() writes them for the hash
      sql.executeQuery(
          "SELECT eclips_append_audit(jsonb_build_array(jsonb_build_object('org', '"
              + org
              + "', 'rows', (SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid(), 'at',"
              + " to_char((date_trunc('second', now()) + interval '1 microsecond' * (i * 1000 + 1))"
              + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'actor_type', 'user',"
              + " 'actor_id', 'seed', 'action', 'seed.entry', 'resource_type', 'seed',"
              + " 'resource_id', i::text, 'outcome', 'allowed', 'occurrences', 1) ORDER BY i)"
              + " FROM generate_series(1, "
              + entries
              + ") i))))");
      admin.commit();
    }
  }

  private static List<String> idsBySeq(String org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.strings(
          admin, "SELECT id::text FROM audit_log WHERE org_id = '" + org + "' ORDER BY seq");
    }
  }

  @Test
  void aLogLongerThanOneBatchIsExportedWholeInOrderAndVerifiedBatchByBatch() throws Exception {
    String org = Api.newOrg("team");
    seed(org, 2_500);
    JsonObject verified = Api.verifyAudit(org);
    List<String> ids = idsBySeq(org);
    assertTrue(ids.size() > 2_500, () -> ids.size() + " entries");
    assertTrue(verified.getBoolean("valid"), verified::toString);
    assertEquals(ids.size(), verified.getInt("entries_checked"));

    String member = Api.orgToken(org, "org_member");
    Reply jsonl = get("/console/v1/audit-log/export?format=jsonl", bearer(member)).expect(200);
    assertEquals("attachment; filename=\"audit-log.jsonl\"", jsonl.header("Content-Disposition"));
    List<JsonObject> lines =
        jsonl.body().lines().map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
    // the export's own entry (written before it streams) is its last line
    List<String> exported = idsBySeq(org);
    assertEquals(ids.size() + 1, exported.size());
    assertEquals(exported, lines.stream().map(e -> e.getString("id")).toList());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(i + 1, lines.get(i).getInt("seq"));
    }
    Reply csv = get("/console/v1/audit-log/export?format=csv", bearer(member)).expect(200);
    List<String> rows = csv.body().lines().skip(1).toList();
    assertEquals(idsBySeq(org), rows.stream().map(r -> r.substring(0, r.indexOf(','))).toList());
    Reply seeds =
        get("/console/v1/audit-log/export?format=csv&action=seed.entry", bearer(member))
            .expect(200);
    assertEquals(2_500 + 1, seeds.body().lines().count());

    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.executeUpdate(
          "UPDATE audit_log SET resource_id = 'changed' WHERE org_id = '"
              + org
              + "' AND seq = 2222");
    }
    JsonObject broken = Api.verifyAudit(org);
    assertFalse(broken.getBoolean("valid"));
    assertEquals(2222, broken.getInt("first_broken_seq"));
    assertEquals(2221, broken.getInt("entries_checked"));
  }
}
