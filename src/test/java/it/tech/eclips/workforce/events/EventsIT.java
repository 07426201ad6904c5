package it.tech.eclips.workforce.events;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events (issue 23, CONTRACT §12): each type is produced by driving the real API and found exactly
 * once in {@code GET /v1/events}, in the mode of the change and only there; another org's events
 * are absent (404); pages hold every event once, newest first; and an event commits with its change
 * or not at all.
 */
@ExtendWith(Deployments.class)
class EventsIT {

  private static final String RUNS = "/v1/agents/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";
  private static final String FAIL =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";
  private static final String[] SCOPES = {
    "runs:read",
    "runs:write",
    "triage:read",
    "triage:write",
    "documents:read",
    "documents:write",
    "events:read"
  };

  /** Every event of one type the key can see, walking all pages. */
  private static List<JsonObject> events(String key, String type) {
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    while (true) {
      JsonObject page =
          get(
                  "/v1/events?limit=100&type="
                      + type
                      + (after == null ? "" : "&starting_after=" + after),
                  bearer(key))
              .expect(200)
              .json();
      page.getJsonArray("data").getValuesAs(JsonObject.class).forEach(all::add);
      if (!page.getBoolean("has_more")) {
        return all;
      }
      after = all.get(all.size() - 1).getString("id");
    }
  }

  /** The event's object's ids, each with how often it occurs. */
  private static Map<String, Long> byObjectId(List<JsonObject> events) {
    return events.stream()
        .collect(
            Collectors.groupingBy(
                e -> e.getJsonObject("data").getJsonObject("object").getString("id"),
                Collectors.counting()));
  }

  private static JsonObject theOne(String key, String type) {
    List<JsonObject> found = events(key, type);
    assertEquals(1, found.size(), () -> type + ": " + found);
    JsonObject event = found.get(0);
    assertEquals("event", event.getString("object"));
    assertEquals(type, event.getString("type"));
    assertTrue(event.getString("id").matches("evt_[0-9a-f]{32}"), event.getString("id"));
    assertEquals(event, get("/v1/events/" + event.getString("id"), bearer(key)).expect(200).json());
    return event;
  }

  private static void mode(JsonObject event, String mode) {
    assertEquals(mode, event.getString("mode"));
    assertEquals("live".equals(mode), event.getBoolean("livemode"));
  }

  private static JsonObject run(String key, String body) {
    return awaitRun(key, post(RUNS, body, bearer(key)).expect(202).json().getString("id"));
  }

  private static void resolve(String key, JsonObject run, String decision) {
    post(
            "/v1/triage-items/" + run.getString("triage_item_id") + "/resolve",
            "{\"decision\":\"" + decision + "\"}",
            bearer(key))
        .expect(200);
  }

  @Test
  void runsTriageItemsAndTrustEachHaveTheirEventsOnceInTheirMode() {
    String org = Api.newOrg("enterprise");
    String live = Api.newKey(org, "live", SCOPES);
    List<String> reviewers =
        List.of(
            Api.newKey(org, "live", SCOPES),
            Api.newKey(org, "live", SCOPES),
            Api.newKey(org, "live", SCOPES));
    String test = Api.newKey(org, "test", SCOPES);
    // supervised: every result waits for review
    List<JsonObject> waiting = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      JsonObject run = run(live, CLASSIFY);
      assertEquals("awaiting_review", run.getString("status"));
      waiting.add(run);
    }
    for (int i = 0; i < 10; i++) {
      resolve(reviewers.get(i % reviewers.size()), waiting.get(i), "approve");
    }
    resolve(reviewers.get(0), waiting.get(10), "reject");

    Set<String> runIds = waiting.stream().map(r -> r.getString("id")).collect(Collectors.toSet());
    Map<String, Long> awaiting = byObjectId(events(live, "agent_run.awaiting_review"));
    assertEquals(runIds, awaiting.keySet());
    assertTrue(awaiting.values().stream().allMatch(n -> n == 1), awaiting::toString);
    Map<String, Long> created = byObjectId(events(live, "triage_item.created"));
    Map<String, Long> resolved = byObjectId(events(live, "triage_item.resolved"));
    Set<String> items =
        waiting.stream().map(r -> r.getString("triage_item_id")).collect(Collectors.toSet());
    assertEquals(items, created.keySet());
    assertEquals(items, resolved.keySet());
    assertTrue(created.values().stream().allMatch(n -> n == 1), created::toString);
    assertTrue(resolved.values().stream().allMatch(n -> n == 1), resolved::toString);
    Map<String, Long> succeeded = byObjectId(events(live, "agent_run.succeeded"));
    assertEquals(10, succeeded.size());
    assertTrue(succeeded.values().stream().allMatch(n -> n == 1), succeeded::toString);
    JsonObject rejected = theOne(live, "agent_run.rejected");
    assertEquals(
        waiting.get(10).getString("id"),
        rejected.getJsonObject("data").getJsonObject("object").getString("id"));
    assertEquals(
        "rejected", rejected.getJsonObject("data").getJsonObject("object").getString("status"));
    JsonObject promoted = theOne(live, "trust_profile.promoted");
    mode(promoted, "live");
    JsonObject profile = promoted.getJsonObject("data").getJsonObject("object");
    assertEquals("guarded", profile.getString("level"));
    assertEquals("supervised", profile.getString("previous_level"));
    JsonObject demoted = theOne(live, "trust_profile.demoted");
    assertEquals(
        "supervised", demoted.getJsonObject("data").getJsonObject("object").getString("level"));

    // the test world saw none of it, and its own failed run is its alone
    assertEquals(List.of(), events(test, "agent_run.awaiting_review"));
    assertEquals(List.of(), events(test, "trust_profile.promoted"));
    JsonObject failedRun = run(test, FAIL);
    JsonObject failed = theOne(test, "agent_run.failed");
    mode(failed, "test");
    JsonObject object = failed.getJsonObject("data").getJsonObject("object");
    assertEquals(failedRun.getString("id"), object.getString("id"));
    assertEquals("agent_failure", object.getJsonObject("error").getString("code"));
    assertFalse(object.containsKey("input"), "a run's event carries no input");
    assertEquals(List.of(), events(live, "agent_run.failed"));
  }

  @Test
  void aBreakerOpensAndClosesOnceInItsMode() {
    String org = Api.newOrg("enterprise");
    String test = Api.newKey(org, "test", SCOPES);
    String live = Api.newKey(org, "live", SCOPES);
    for (int i = 0; i < 5; i++) {
      assertEquals("failed", run(test, FAIL).getString("status"));
    }
    assertEquals(503, post(RUNS, FAIL, bearer(test)).status());
    assertEquals(5, events(test, "agent_run.failed").size());
    JsonObject opened = theOne(test, "circuit_breaker.opened");
    mode(opened, "test");
    assertEquals("open", opened.getJsonObject("data").getJsonObject("object").getString("state"));
    post(
            "/console/v1/agents/circuit-breakers/document_classifier/reset?mode=test",
            null,
            bearer(orgToken(org, "org_admin")))
        .expect(200);
    mode(theOne(test, "circuit_breaker.closed"), "test");
    // resetting a closed breaker changes nothing, so it says nothing
    post(
            "/console/v1/agents/circuit-breakers/document_classifier/reset?mode=test",
            null,
            bearer(orgToken(org, "org_admin")))
        .expect(200);
    theOne(test, "circuit_breaker.closed");
    assertEquals(List.of(), events(live, "circuit_breaker.opened"));
    assertEquals(List.of(), events(live, "circuit_breaker.closed"));
  }

  @Test
  void keyEventsCarryTheKeyButNeverItsSecret() {
    String org = Api.newOrg("enterprise");
    String reader = Api.newKey(org, "live", "events:read");
    String admin = orgToken(org, "org_admin");
    String expires =
        Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject made =
        Api.newKey(
            org,
            "{\"name\":\"soon\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"expires_at\":\""
                + expires
                + "\"}");
    String id = made.getString("id");
    JsonObject rotated =
        post("/console/v1/api-keys/" + id + "/rotate", null, bearer(admin)).expect(201).json();
    send("DELETE", "/console/v1/api-keys/" + rotated.getString("id"), null, bearer(admin))
        .expect(204);

    Map<String, Long> createdKeys = byObjectId(events(reader, "api_key.created"));
    assertEquals(1L, createdKeys.get(id));
    // the successor keeps the expiry, so it is warned of too: once each
    assertEquals(
        Map.of(id, 1L, rotated.getString("id"), 1L),
        byObjectId(events(reader, "api_key.expiring")));
    JsonObject rotation = theOne(reader, "api_key.rotated");
    assertEquals(
        rotated.getString("id"),
        rotation.getJsonObject("data").getJsonObject("object").getString("id"));
    JsonObject revoked = theOne(reader, "api_key.revoked");
    assertEquals(
        rotated.getString("id"),
        revoked.getJsonObject("data").getJsonObject("object").getString("id"));
    for (String type :
        List.of("api_key.created", "api_key.expiring", "api_key.rotated", "api_key.revoked")) {
      for (JsonObject event : events(reader, type)) {
        mode(event, "live");
        String text = event.toString();
        assertFalse(text.contains(made.getString("key")), type + " shows a secret");
        assertFalse(text.contains(rotated.getString("key")), type + " shows a secret");
        assertFalse(text.contains("\"key\""), type + " has a key field: " + text);
      }
    }
    // every key above is live: the test world sees only its own reader's creation
    String testReader = Api.newKey(org, "test", "events:read");
    assertEquals(List.of(), events(testReader, "api_key.rotated"));
    assertEquals(1, events(testReader, "api_key.created").size());
  }

  @Test
  void aDeletedDocumentIsAnEventWithoutItsContent() {
    String org = Api.newOrg("enterprise");
    String test = Api.newKey(org, "test", SCOPES);
    String live = Api.newKey(org, "live", SCOPES);
    String secret = "the confidential body " + UUID.randomUUID();
    String doc =
        send(
                "POST",
                "/v1/documents?name=a.txt",
                secret,
                "Content-Type",
                "text/plain",
                "Authorization",
                "Bearer " + test)
            .expect(201)
            .json()
            .getString("id");
    send("DELETE", "/v1/documents/" + doc, null, bearer(test)).expect(204);
    JsonObject deleted = theOne(test, "document.deleted");
    mode(deleted, "test");
    assertEquals(doc, deleted.getJsonObject("data").getJsonObject("object").getString("id"));
    assertFalse(deleted.toString().contains("confidential"), deleted::toString);
    assertEquals(List.of(), events(live, "document.deleted"));
  }

  /** The test server gives growth orgs 100 credits: ten invoice runs spend them. */
  @Test
  void creditsRunLowOncePerPeriodInLiveMode() {
    String org = Api.newOrg("growth");
    String live = Api.newKey(org, "live", SCOPES);
    String test = Api.newKey(org, "test", SCOPES);
    for (int i = 0; i < 9; i++) {
      post(RUNS, invoice("L-" + i), bearer(live)).expect(202);
      assertEquals(List.of(), events(live, "credits.low"), "balance " + (90 - 10 * i));
    }
    post(RUNS, invoice("L-9"), bearer(live)).expect(202);
    JsonObject low = theOne(live, "credits.low");
    mode(low, "live");
    JsonObject credits = low.getJsonObject("data").getJsonObject("object");
    assertEquals("credit_balance", credits.getString("object"));
    assertEquals(0, credits.getInt("balance"));
    assertEquals(100, credits.getInt("granted"));
    assertEquals(402, post(RUNS, invoice("L-10"), bearer(live)).status());
    theOne(live, "credits.low");
    assertEquals(List.of(), events(test, "credits.low"));
  }

  @Test
  void aBudgetIsReachedOnceAndARefusedRunWritesNothing() {
    String org = Api.newOrg("team");
    String live = Api.newKey(org, "live", SCOPES);
    String admin = orgToken(org, "org_admin");
    send("PUT", "/console/v1/credits/budget", "{\"limit\":20}", bearer(admin)).expect(200);
    post(RUNS, invoice("B-1"), bearer(live)).expect(202);
    assertEquals(List.of(), events(live, "credits.budget_reached"));
    post(RUNS, invoice("B-2"), bearer(live)).expect(202);
    JsonObject reached = theOne(live, "credits.budget_reached");
    assertEquals(20, reached.getJsonObject("data").getJsonObject("object").getInt("budget"));
    assertEquals(402, post(RUNS, invoice("B-3"), bearer(live)).status());
    theOne(live, "credits.budget_reached");
    assertEquals(List.of(), events(live, "credits.low"));
  }

  @Test
  void anotherOrgsAndAnotherModesEventsAreAbsent() {
    String org = Api.newOrg("enterprise");
    String other = Api.newOrg("enterprise");
    String test = Api.newKey(org, "test", SCOPES);
    String live = Api.newKey(org, "live", SCOPES);
    String stranger = Api.newKey(other, "test", SCOPES);
    run(test, FAIL);
    String id = theOne(test, "agent_run.failed").getString("id");
    assertEquals("not_found", get("/v1/events/" + id, bearer(live)).expect(404).code());
    assertEquals("not_found", get("/v1/events/" + id, bearer(stranger)).expect(404).code());
    assertEquals(List.of(), events(stranger, "agent_run.failed"));
    assertEquals(400, get("/v1/events?starting_after=" + id, bearer(stranger)).status());
    assertEquals(404, get("/v1/events/evt_nope", bearer(test)).status());
    assertEquals(400, get("/v1/events?type=agent_run.created", bearer(test)).status());
    assertEquals(403, get("/v1/events", bearer(Api.newKey(org, "test", "runs:read"))).status());
  }

  @Test
  void pagesHoldEveryEventOnceNewestFirst() {
    String org = Api.newOrg("enterprise");
    String test = Api.newKey(org, "test", SCOPES);
    for (int i = 0; i < 5; i++) {
      run(test, FAIL);
    }
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      JsonObject page =
          get(
                  "/v1/events?limit=2" + (after == null ? "" : "&starting_after=" + after),
                  bearer(test))
              .expect(200)
              .json();
      List<JsonObject> data = page.getJsonArray("data").getValuesAs(JsonObject.class);
      all.addAll(data);
      pages++;
      after = page.getBoolean("has_more") ? data.get(data.size() - 1).getString("id") : null;
    } while (after != null);
    // five failed runs, one opened breaker, one created key (the test key itself)
    assertEquals(7, all.size(), all::toString);
    assertEquals(4, pages);
    assertEquals(7, new HashSet<>(all.stream().map(e -> e.getString("id")).toList()).size());
    for (int i = 1; i < all.size(); i++) {
      assertFalse(
          Instant.parse(all.get(i).getString("created_at"))
              .isAfter(Instant.parse(all.get(i - 1).getString("created_at"))),
          "newest first");
    }
    assertEquals("circuit_breaker.opened", all.get(0).getString("type"));
    assertEquals("api_key.created", all.get(all.size() - 1).getString("type"));
  }

  /**
   * The debit's credit event commits with the debit or not at all; and the app role can add events,
   * never change or remove them.
   */
  @Test
  void anEventCommitsWithItsChangeOrNotAtAll() throws SQLException {
    UUID org = UUID.fromString(Api.newOrg("growth"));
    UUID run = UUID.randomUUID();
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      // 100 credits: a debit of 95 crosses below a tenth of the grant
      Catalog.strings(app, "SELECT eclips_credit_debit(95, '" + run + "', true)::text");
      assertEquals(1, Catalog.count(app, "SELECT count(*) FROM events WHERE type = 'credits.low'"));
      app.rollback();
      TestDatabase.enterTenant(app, org);
      assertEquals(0, Catalog.count(app, "SELECT count(*) FROM events"));
      assertEquals(
          0, Catalog.count(app, "SELECT count(*) FROM credit_ledger WHERE entry_type = 'debit'"));
      app.commit();
    }
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      Catalog.strings(app, "SELECT eclips_credit_debit(95, '" + run + "', true)::text");
      app.commit();
      TestDatabase.enterTenant(app, org);
      assertEquals(1, Catalog.count(app, "SELECT count(*) FROM events WHERE type = 'credits.low'"));
      assertTrue(SqlOutcome.update(app, "UPDATE events SET type = 'credits.low'").refused());
      app.rollback();
      TestDatabase.enterTenant(app, org);
      assertTrue(SqlOutcome.update(app, "DELETE FROM events").refused());
      // nor write a credit event of its choosing: only the debit (its owner) calls the writer
      assertTrue(
          SqlOutcome.count(
                  app,
                  "SELECT count(*) FROM (SELECT eclips_credit_event('credits.low', current_date,"
                      + " 0, 0, NULL, 0)) e")
              .refused());
      app.rollback();
    }
  }

  /** Events live as long as the plan keeps audit entries (team: 90 days), then the purge goes. */
  @Test
  void eventsBeyondTheAuditRetentionAreNeitherShownNorKept() throws SQLException {
    String org = Api.newOrg("team");
    String test = Api.newKey(org, "test", SCOPES);
    String recent = theOne(test, "api_key.created").getString("id");
    UUID old = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .executeUpdate(
              "INSERT INTO events (org_id, id, livemode, type, created_at, data) VALUES ('"
                  + org
                  + "', '"
                  + old
                  + "', false, 'api_key.created', now() - interval '91 days',"
                  + " '{\"object\": \"api_key\", \"id\": \"old\"}')");
    }
    String oldId = "evt_" + old.toString().replace("-", "");
    assertEquals(404, get("/v1/events/" + oldId, bearer(test)).status());
    assertEquals(recent, theOne(test, "api_key.created").getString("id"));
    post("/platform/v1/maintenance/audit-retention", null, bearer(Api.platformToken())).expect(200);
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          1, Catalog.count(admin, "SELECT count(*) FROM events WHERE org_id = '" + org + "'"));
    }
    get("/v1/events/" + recent, bearer(test)).expect(200);
  }
}
