package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A revocation made by another node of a cluster: written to the database (and the change feed) by
 * someone else, while this node holds the key in its cache. This node must stop accepting the key
 * within a few seconds, because of the feed, not the cache's TTL.
 */
@ExtendWith(Deployments.class)
class ClusterRevocationIT {

  @Test
  void anotherNodesRevocationReachesThisNodeWithinSeconds() throws Exception {
    String org = Api.newOrg("team");
    JsonObject created =
        Api.newKey(org, "{\"name\":\"n\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}");
    String key = created.getString("key");
    get("/v1/me", bearer(key)).expect(200);
    admin(
        "UPDATE api_keys SET revoked_at = now() WHERE org_id = '"
            + org
            + "' AND id = '"
            + created.getString("id")
            + "'");
    assertEquals(
        200, get("/v1/me", bearer(key)).status(), "served from this node's cache, as expected");

    admin("INSERT INTO key_change_events (org_id, id) VALUES ('" + org + "', gen_random_uuid())");
    long start = System.nanoTime();
    int status =
        await("the revoked key to be refused")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> get("/v1/me", bearer(key)).status(), answer -> answer != 200);
    assertEquals(401, status);
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "took more than 3 s");
  }

  /**
   * A key disabled (or its scopes narrowed) on another node: the same feed, the same bound as a
   * revocation. And a change made through this node's API writes the feed row other nodes read.
   */
  @Test
  void anotherNodesDisableReachesThisNodeWithinSecondsAndTheApiFeedsTheOthers() throws Exception {
    String org = Api.newOrg("team");
    JsonObject created =
        Api.newKey(org, "{\"name\":\"n\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}");
    String key = created.getString("key");
    String where = " WHERE org_id = '" + org + "' AND id = '" + created.getString("id") + "'";
    get("/v1/me", bearer(key)).expect(200);
    admin("UPDATE api_keys SET disabled_at = now()" + where);
    assertEquals(200, get("/v1/me", bearer(key)).status(), "served from this node's cache");
    admin("INSERT INTO key_change_events (org_id, id) VALUES ('" + org + "', gen_random_uuid())");
    long start = System.nanoTime();
    String code =
        await("the disabled key to be refused")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> get("/v1/me", bearer(key)), answer -> answer.status() != 200)
            .code();
    assertEquals("api_key_disabled", code);
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "took more than 3 s");

    long before = feedRows(org);
    String admin = Api.orgToken(org, "org_admin");
    Api.post("/console/v1/api-keys/" + created.getString("id") + "/enable", null, bearer(admin))
        .expect(200);
    Api.send(
            "PATCH",
            "/console/v1/api-keys/" + created.getString("id"),
            "{\"scopes\":[\"audit:read\"]}",
            bearer(admin))
        .expect(200);
    assertEquals(before + 2, feedRows(org), "each change is in the feed other nodes poll");
  }

  private static long feedRows(String org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement();
        java.sql.ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM key_change_events WHERE org_id = '" + org + "'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void admin(String statement) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.executeUpdate(statement);
    }
  }
}
