package it.tech.eclips.workforce.matrix;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.matrix.ResourceModel.Operation;
import it.tech.eclips.workforce.matrix.Samples.Sample;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.tools.DevTokens;

/**
 * CONTRACT §11 "every POST and PATCH takes Idempotency-Key with the rules of runs", generated from
 * the compiled resources as the cross-tenant matrix is: every POST, PUT, PATCH and DELETE of /v1,
 * /console and /platform, each on a fresh org of its own, is sent twice with one Idempotency-Key
 * (the second answers the first's reply with {@code Idempotent-Replayed: true}, and the database
 * behind the org, every org-scoped table and every audit entry of a change, is exactly as after the
 * first), then as a different request with the same key ({@code 409 idempotency_conflict}, still
 * nothing changed). A reply that showed a key secret is never replayed: its retry is {@code 409
 * idempotent_replay_unavailable} naming the key made the first time. A new operation joins by being
 * compiled; one without idempotency fails here (and in GuardCoverageTest).
 */
@ExtendWith(Deployments.class)
class IdempotencyMatrixIT {

  /** Audit actions that record a change (reads and replays are audited per request, not here). */
  private static final Set<String> READ_ACTIONS =
      Set.of(
          "api_key.listed",
          "audit_log.exported",
          "audit_log.listed",
          "audit_log.verified",
          "document.downloaded",
          "triage_item.listed",
          "agent_run.create_replayed");

  /**
   * Written by timers a second or so after any request (issue 25): the chain head's signed
   * checkpoints and the keys' usage rollup, never by the operation itself.
   */
  private static final Set<String> WRITTEN_LATER =
      Set.of("audit_checkpoints", "api_key_usage", "api_key_usage_alerts");

  private static ResourceModel model;

  @BeforeAll
  static void compiled() {
    model = ResourceModel.compiled();
  }

  @Test
  void everyStateChangingOperationReplaysOnceAndRefusesAnotherRequest() throws Exception {
    // the public leak-report callback takes a partner's signature and no Idempotency-Key (GitHub
    // sends none; a repeated report changes nothing more): LeakReportsIT
    List<Operation> changing =
        model.operations().stream()
            .filter(op -> !op.verb().equals("GET"))
            .filter(op -> op.api() != ResourceModel.Api.PUBLIC)
            .toList();
    assertTrue(changing.size() >= 18, "found " + changing.size() + ": scan broken?");
    List<String> failures = new ArrayList<>();
    for (Operation op : changing) {
      failures.addAll(check(op, new Fixture()));
    }
    System.out.printf(
        "IdempotencyMatrixIT: %d state-changing operations, %d failures%n",
        changing.size(), failures.size());
    assertEquals(List.of(), failures, () -> String.join("\n", failures));
  }

  /**
   * Console keys are unique per org, and the user is part of the request: another user of the org
   * with the same key and body gets 409, never the first user's reply.
   */
  @Test
  void aConsoleKeyIsTheUsersOwnWithinTheOrg() throws Exception {
    Fixture org = new Fixture();
    String key = "console-" + UUID.randomUUID();
    String path = "/console/v1/settings";
    String body = "{\"invoice_auto_approve_limit\":4321}";
    Reply first =
        Api.send("PUT", path, body, headers(org.admin, key, "application/json")).expect(200);
    String secondAdmin =
        DevTokens.mint(
            "second-admin@" + org.id,
            List.of("org_admin"),
            org.id,
            Instant.now().plusSeconds(3600));
    Reply other = Api.send("PUT", path, body, headers(secondAdmin, key, "application/json"));
    assertEquals(409, other.status(), other.body());
    assertEquals("idempotency_conflict", other.code());
    Fixture elsewhere = new Fixture();
    Reply otherOrg =
        Api.send("PUT", path, body, headers(elsewhere.admin, key, "application/json")).expect(200);
    assertEquals(null, otherOrg.header("Idempotent-Replayed"), "another org's key is its own");
    Reply again = Api.send("PUT", path, body, headers(org.admin, key, "application/json"));
    assertEquals("true", again.header("Idempotent-Replayed"), "the same user replays");
    assertEquals(first.body(), again.body());
  }

  private static List<String> check(Operation op, Fixture org) throws SQLException {
    List<String> failures = new ArrayList<>();
    Sample sample = Samples.of(op, org.ids);
    String path = org.fill(op) + sample.query();
    String credential = org.credential(op);
    String key = "idem-" + UUID.randomUUID();
    String before = org.effects();
    Reply first = Api.send(op.verb(), path, sample.body(), headers(credential, key, sample));
    String where = op + ": ";
    if (first.status() >= 300) {
      failures.add(where + "the sample failed first (" + first.status() + " " + first.body() + ")");
      return failures;
    }
    settle(first, org.liveKey);
    String afterFirst = org.effects();
    if (before.equals(afterFirst) && !op.path().startsWith("/platform/v1/maintenance")) {
      failures.add(where + "the first request changed nothing the test can see");
    }
    Reply replay = Api.send(op.verb(), path, sample.body(), headers(credential, key, sample));
    failures.addAll(judgeReplay(where, first, replay));
    if (!afterFirst.equals(org.effects())) {
      failures.add(where + "the replay changed something: " + diff(afterFirst, org.effects()));
    }
    Reply other =
        Api.send(
            op.verb(),
            different(path, sample),
            otherBody(sample),
            headers(credential, key, sample));
    if (other.status() != 409 || !"idempotency_conflict".equals(other.code())) {
      failures.add(where + "another request with the key: " + other.status() + " " + other.body());
    }
    if (!afterFirst.equals(org.effects())) {
      failures.add(where + "the refused request changed something");
    }
    return failures;
  }

  private static List<String> judgeReplay(String where, Reply first, Reply replay) {
    List<String> failures = new ArrayList<>();
    if (!"true".equals(replay.header("Idempotent-Replayed"))) {
      failures.add(where + "no Idempotent-Replayed: true on the retry (" + replay.status() + ")");
    }
    if (first.body().contains("\"key\":\"eck_") || first.body().contains("\"secret\":\"whsec_")) {
      // the secret is shown once: the retry names what was made, never shows it
      if (replay.status() != 409 || !"idempotent_replay_unavailable".equals(replay.code())) {
        failures.add(where + "a secret's retry: " + replay.status() + " " + replay.body());
      }
      if (replay.body().contains("eck_") || replay.body().contains("whsec_")) {
        failures.add(where + "the retry shows a secret");
      }
    } else {
      if (replay.status() != first.status()) {
        failures.add(where + "retry " + replay.status() + " after " + first.status());
      }
      if (!first.body().equals(replay.body())) {
        failures.add(where + "retry answered another body: " + replay.body());
      }
    }
    if (!String.valueOf(first.header("Location"))
        .equals(String.valueOf(replay.header("Location")))) {
      failures.add(
          where + "Location " + replay.header("Location") + " after " + first.header("Location"));
    }
    return failures;
  }

  /** A run the first request accepted goes on by itself: wait until it has stopped moving. */
  private static void settle(Reply first, String key) {
    String body = first.body();
    if (body.contains("\"object\":\"agent_run\"")) {
      JsonObject run = first.json();
      Api.awaitRun(key, run.getString("id"));
    }
  }

  /** Another request: another body where there is one, else another query. */
  private static String different(String path, Sample sample) {
    if (sample.body() != null) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + "idempotency_probe=other";
  }

  private static String otherBody(Sample sample) {
    return sample.body() == null ? null : sample.body() + " ";
  }

  private static String[] headers(String credential, String key, Sample sample) {
    return headers(credential, key, sample.contentType());
  }

  private static String[] headers(String credential, String key, String contentType) {
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + credential));
    headers.addAll(List.of("Idempotency-Key", key));
    if (contentType != null) {
      headers.addAll(List.of("Content-Type", contentType));
    }
    return headers.toArray(String[]::new);
  }

  private static String diff(String before, String after) {
    List<String> a = List.of(before.split("\n"));
    return Stream.of(after.split("\n")).filter(line -> !a.contains(line)).toList().toString();
  }

  /**
   * A fresh enterprise org with what every operation needs: a live key with every scope, another
   * that submitted a supervised run now awaiting review (so the first may resolve it), a document,
   * a spare key to rotate or revoke.
   */
  private static final class Fixture {
    final String id = Victim.newOrg("idempotency-" + UUID.randomUUID());
    final String admin = Api.orgToken(id, "org_admin");
    final String liveKey = Api.newKey(id, "live", Victim.allScopes());
    final Map<String, String> ids = new HashMap<>();

    Fixture() {
      String submitter = Api.newKey(id, "live", Victim.allScopes());
      JsonObject document = Victim.upload(liveKey, "fixture.txt", "a fixture document");
      String run =
          Api.post("/v1/agents/runs", Api.invoice("INV-IDEM"), bearer(submitter))
              .expect(202)
              .json()
              .getString("id");
      JsonObject reviewed = Api.awaitRun(submitter, run);
      ids.put("documents", document.getString("id"));
      ids.put("runs", run);
      ids.put("triage-items", reviewed.getString("triage_item_id"));
      ids.put(
          "api-keys",
          Api.newKey(id, "{\"name\":\"spare\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}")
              .getString("id"));
      ids.put(
          "webhook-endpoints",
          Api.post(
                  "/console/v1/webhook-endpoints",
                  Samples.of("POST /console/v1/webhook-endpoints").body(),
                  bearer(admin))
              .expect(201)
              .json()
              .getString("id"));
      ids.put("orgs", id);
      // an event of the endpoint's mode (test) to redeliver: the test key's own api_key.created
      String testKey = Api.newKey(id, "test", Victim.allScopes());
      ids.put(
          "events",
          Api.get("/v1/events?limit=1", bearer(testKey))
              .expect(200)
              .json()
              .getJsonArray("data")
              .getJsonObject(0)
              .getString("id"));
    }

    String credential(Operation op) {
      return switch (op.api()) {
        case V1 -> liveKey;
        case CONSOLE -> admin;
        default -> Api.platformToken();
      };
    }

    String fill(Operation op) {
      String path = op.path();
      if (path.contains("{id}")) {
        path = path.replace("{id}", ids.get(op.collection()));
      }
      return path.replace("{agent_type}", Samples.AGENT_TYPE);
    }

    /**
     * Everything of this org's behind the API, as the database holds it (api keys without the time
     * of their last use, which every request moves; audit entries of changes only), and the number
     * of orgs.
     */
    /**
     * Columns the server moves on its own, whatever the request: a key's last use, and a webhook
     * delivery's progress (the delivery workers send the fixture's redelivery in the background).
     */
    private static String movingColumns(String table) {
      return table.equals("webhook_deliveries")
          ? "ARRAY['status', 'attempts', 'next_attempt_at', 'claimed_until', 'last_attempt_at',"
              + " 'last_response_code', 'last_latency_ms', 'last_error', 'completed_at']"
          : "ARRAY['last_used_at']";
    }

    String effects() throws SQLException {
      StringBuilder all = new StringBuilder();
      try (Connection db = TestDatabase.asAdmin()) {
        all.append("organizations ")
            .append(Catalog.count(db, "SELECT count(*) FROM organizations"))
            .append('\n');
        for (String table : Catalog.orgScopedTables(db)) {
          if (table.equals("idempotency_keys") || WRITTEN_LATER.contains(table)) {
            continue;
          }
          String rows =
              table.equals("audit_log")
                  ? "SELECT count(*)::text FROM audit_log WHERE org_id = ?"
                      + " AND action ~ '^[a-z_]+[.][a-z_]+$' AND NOT (action = ANY (?))"
                  : "SELECT count(*) || ' ' || coalesce(md5(string_agg((to_jsonb(t) - "
                      + movingColumns(table)
                      + ")::text, ',' ORDER BY (to_jsonb(t) - "
                      + movingColumns(table)
                      + ")::text)), '')"
                      + " FROM "
                      + table
                      + " t WHERE org_id = ?";
          try (PreparedStatement query = db.prepareStatement(rows)) {
            query.setObject(1, UUID.fromString(id));
            if (table.equals("audit_log")) {
              query.setArray(2, db.createArrayOf("text", READ_ACTIONS.toArray()));
            }
            try (ResultSet result = query.executeQuery()) {
              result.next();
              all.append(table).append(' ').append(result.getString(1)).append('\n');
            }
          }
        }
      }
      return all.toString();
    }
  }

  @Test
  void theModelHasNoGaps() {
    assertEquals(List.of(), model.unusable());
    assertFalse(model.operations().isEmpty());
  }
}
