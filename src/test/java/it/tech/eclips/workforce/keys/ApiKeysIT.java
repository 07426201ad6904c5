package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.tools.DevTokens;

/**
 * The console's key management: who may do what, what is shown when, and that changes bite at once.
 */
@ExtendWith(Deployments.class)
class ApiKeysIT {

  private static final String KEYS = "/console/v1/api-keys";
  private static final String NEW_KEY =
      "{\"name\":\"ci\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}";

  private static String org;
  private static String admin;
  private static String member;

  @BeforeAll
  static void org() {
    org = Api.newOrg("team");
    admin = orgToken(org, "org_admin");
    member = orgToken(org, "org_member");
  }

  @Test
  void createShowsTheKeyOnceAndNeverAgain() {
    Reply created = post(KEYS, NEW_KEY, bearer(admin)).expect(201);
    JsonObject key = created.json();
    String plaintext = key.getString("key");
    assertTrue(plaintext.matches("eck_test_[0-9A-Za-z]{46}"), plaintext);
    assertEquals(
        plaintext.substring(0, 9) + "…" + plaintext.substring(plaintext.length() - 4),
        key.getString("hint"));
    assertEquals(
        "/console/v1/api-keys/" + key.getString("id"),
        java.net.URI.create(created.header("Location")).getPath());
    Reply one = get(KEYS + "/" + key.getString("id"), bearer(member)).expect(200);
    Reply all = get(KEYS, bearer(member)).expect(200);
    assertFalse(one.body().contains(plaintext) || one.json().containsKey("key"));
    assertFalse(all.body().contains(plaintext));
    assertTrue(all.body().contains(key.getString("id")));
  }

  @Test
  void membersReadButOnlyAdminsWrite() {
    String id = post(KEYS, NEW_KEY, bearer(admin)).expect(201).json().getString("id");
    get(KEYS, bearer(member)).expect(200);
    assertEquals(403, post(KEYS, NEW_KEY, bearer(member)).status());
    assertEquals(403, post(KEYS + "/" + id + "/rotate", null, bearer(member)).status());
    assertEquals(403, send("DELETE", KEYS + "/" + id, null, bearer(member)).status());
  }

  @Test
  void everyConsoleAndPlatformEndpointWantsAToken() {
    String id = post(KEYS, NEW_KEY, bearer(admin)).expect(201).json().getString("id");
    List<Reply> anonymous =
        List.of(
            get(KEYS),
            post(KEYS, NEW_KEY),
            get(KEYS + "/" + id),
            post(KEYS + "/" + id + "/rotate", null),
            send("DELETE", KEYS + "/" + id, null),
            post("/platform/v1/orgs", "{\"name\":\"x\",\"plan\":\"team\"}"),
            get("/platform/v1/orgs/" + org),
            send("PATCH", "/platform/v1/orgs/" + org, "{\"plan\":\"team\"}"));
    anonymous.forEach(reply -> assertEquals(401, reply.status(), reply::toString));
    String forged =
        DevTokens.mint("x", List.of("org_admin"), org, Instant.now().plusSeconds(60)) + "x";
    assertEquals(401, get(KEYS, bearer(forged)).status());
    String expired =
        DevTokens.mint("x", List.of("org_admin"), org, Instant.now().minus(Duration.ofMinutes(5)));
    assertEquals(401, get(KEYS, bearer(expired)).status());
  }

  @Test
  void rolesAreEnforcedAcrossConsoleAndPlatform() {
    assertEquals(403, get(KEYS, bearer(Api.platformToken())).status());
    assertEquals(
        403,
        post("/platform/v1/orgs", "{\"name\":\"x\",\"plan\":\"team\"}", bearer(admin)).status());
    assertEquals(403, get("/platform/v1/orgs/" + org, bearer(admin)).status());
    assertEquals(
        403, post("/platform/v1/maintenance/audit-retention", null, bearer(admin)).status());
    assertEquals(403, post("/platform/v1/maintenance/run-recovery", null, bearer(member)).status());
    assertEquals(
        403,
        post(
                "/platform/v1/orgs/" + org + "/credit-grants",
                "{\"amount\":1,\"reason\":\"x\"}",
                bearer(admin))
            .status());
    String noOrgClaim =
        DevTokens.mint("x", List.of("org_admin"), null, Instant.now().plusSeconds(60));
    assertEquals("forbidden", get(KEYS, bearer(noOrgClaim)).expect(403).code());
  }

  @Test
  void theKeyListIsPagedNewestFirstWithRevokedKeysAndRefusesForeignCursors() {
    String own = Api.newOrg("team");
    String ownAdmin = orgToken(own, "org_admin");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(0, post(KEYS, NEW_KEY, bearer(ownAdmin)).expect(201).json().getString("id"));
    }
    send("DELETE", KEYS + "/" + ids.get(1), null, bearer(ownAdmin)).expect(204);
    String ownMember = orgToken(own, "org_member");
    JsonObject first = get(KEYS + "?limit=2", bearer(ownMember)).expect(200).json();
    assertEquals("list", first.getString("object"));
    assertTrue(first.getBoolean("has_more"));
    assertEquals(ids.subList(0, 2), keyIds(first));
    JsonObject rest =
        get(KEYS + "?limit=2&starting_after=" + ids.get(1), bearer(ownMember)).expect(200).json();
    assertFalse(rest.getBoolean("has_more"));
    assertEquals(ids.subList(2, 3), keyIds(rest));
    assertEquals(ids, keyIds(get(KEYS, bearer(ownMember)).expect(200).json()));

    String foreign = post(KEYS, NEW_KEY, bearer(admin)).expect(201).json().getString("id");
    for (String bad : List.of(foreign, "not-a-uuid", java.util.UUID.randomUUID().toString())) {
      assertEquals(
          "invalid_request",
          get(KEYS + "?starting_after=" + bad, bearer(ownMember)).expect(400).code());
    }
    assertEquals(400, get(KEYS + "?limit=0", bearer(ownMember)).status());
    assertEquals(400, get(KEYS + "?limit=101", bearer(ownMember)).status());
  }

  private static List<String> keyIds(JsonObject page) {
    return page.getJsonArray("data").stream().map(k -> k.asJsonObject().getString("id")).toList();
  }

  @Test
  void anotherOrgsAdminCannotSeeRotateOrRevokeOurKeys() {
    String id = post(KEYS, NEW_KEY, bearer(admin)).expect(201).json().getString("id");
    String stranger = orgToken(Api.newOrg("enterprise"), "org_admin");
    assertEquals("not_found", get(KEYS + "/" + id, bearer(stranger)).expect(404).code());
    assertEquals(404, post(KEYS + "/" + id + "/rotate", null, bearer(stranger)).status());
    assertEquals(404, send("DELETE", KEYS + "/" + id, null, bearer(stranger)).status());
    assertFalse(get(KEYS, bearer(stranger)).expect(200).body().contains(id));
    get(KEYS + "/" + id, bearer(admin)).expect(200);
    assertEquals(404, get(KEYS + "/not-a-uuid", bearer(admin)).status());
  }

  @Test
  void rotationIssuesASuccessorAndTheOldKeyStopsAtOnce() {
    JsonObject old =
        Api.newKey(
            org,
            "{\"name\":\"rotating\",\"mode\":\"live\",\"scopes\":[\"runs:read\",\"audit:read\"],"
                + "\"rate_limit_per_minute\":30}");
    get("/v1/me", bearer(old.getString("key"))).expect(200);
    JsonObject next =
        post(KEYS + "/" + old.getString("id") + "/rotate", null, bearer(admin)).expect(201).json();
    assertNotEquals(old.getString("key"), next.getString("key"));
    assertEquals(old.getString("id"), next.getString("rotated_from"));
    for (String same : List.of("name", "mode")) {
      assertEquals(old.getString(same), next.getString(same));
    }
    assertEquals(old.getJsonArray("scopes"), next.getJsonArray("scopes"));
    assertEquals(30, next.getInt("rate_limit_per_minute"));
    assertEquals("invalid_api_key", get("/v1/me", bearer(old.getString("key"))).expect(401).code());
    get("/v1/me", bearer(next.getString("key"))).expect(200);
    Reply again = post(KEYS + "/" + old.getString("id") + "/rotate", null, bearer(admin));
    assertEquals(409, again.status(), again::toString);
    assertEquals("key_already_rotated", again.code());
  }

  @Test
  void revocationBitesOnTheVeryNextRequest() {
    JsonObject key = Api.newKey(org, NEW_KEY);
    for (int i = 0; i < 3; i++) {
      get("/v1/me", bearer(key.getString("key"))).expect(200);
    }
    send("DELETE", KEYS + "/" + key.getString("id"), null, bearer(admin)).expect(204);
    assertEquals(401, get("/v1/me", bearer(key.getString("key"))).status());
    assertTrue(
        get(KEYS + "/" + key.getString("id"), bearer(admin)).json().containsKey("revoked_at"));
    send("DELETE", KEYS + "/" + key.getString("id"), null, bearer(admin)).expect(204);
  }

  @Test
  void badRequestsAreExplainedFieldByField() {
    Reply reply =
        post(
                KEYS,
                "{\"name\":\"\",\"mode\":\"prod\",\"scopes\":[],\"rate_limit_per_minute\":0,"
                    + "\"expires_at\":\"yesterday\",\"colour\":\"red\"}",
                bearer(admin))
            .expect(400);
    assertEquals("invalid_request", reply.code());
    List<String> fields =
        reply.json().getJsonArray("errors").stream()
            .map(e -> e.asJsonObject().getString("field"))
            .sorted()
            .toList();
    assertEquals(
        List.of("colour", "expires_at", "mode", "name", "rate_limit_per_minute", "scopes"), fields);
    assertEquals(400, post(KEYS, "{not json", bearer(admin)).status());
    assertEquals(400, post(KEYS, "[1,2]", bearer(admin)).status());
    assertEquals(
        "rate_limit_per_minute",
        post(
                KEYS,
                "{\"name\":\"x\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"rate_limit_per_minute\":61}",
                bearer(admin))
            .expect(400)
            .json()
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    Reply wrongType =
        send(
            "POST",
            KEYS,
            "name=x",
            "Authorization",
            "Bearer " + admin,
            "Content-Type",
            "text/plain");
    assertEquals(415, wrongType.status());
    assertEquals("unsupported_media_type", wrongType.code());
  }

  @Test
  void lastUsedAtIsRecordedWithoutAWritePerRequest() throws InterruptedException {
    JsonObject key = Api.newKey(org, NEW_KEY);
    get("/v1/me", bearer(key.getString("key"))).expect(200);
    await("last_used_at to be written")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !get(KEYS + "/" + key.getString("id"), bearer(admin))
                    .json()
                    .isNull("last_used_at"));
  }

  @Test
  void platformCreatesReadsAndRePlansOrgs() {
    String platform = Api.platformToken();
    Reply created =
        post("/platform/v1/orgs", "{\"name\":\"Initech\",\"plan\":\"pro\"}", bearer(platform))
            .expect(201);
    String id = created.json().getString("id");
    assertEquals(
        "pro",
        get("/platform/v1/orgs/" + id, bearer(platform)).expect(200).json().getString("plan"));
    assertEquals(
        "enterprise",
        send("PATCH", "/platform/v1/orgs/" + id, "{\"plan\":\"enterprise\"}", bearer(platform))
            .expect(200)
            .json()
            .getString("plan"));
    assertEquals(
        404, get("/platform/v1/orgs/" + java.util.UUID.randomUUID(), bearer(platform)).status());
    assertEquals(
        404,
        send(
                "PATCH",
                "/platform/v1/orgs/" + java.util.UUID.randomUUID(),
                "{\"plan\":\"team\"}",
                bearer(platform))
            .status());
    assertEquals(
        400,
        post("/platform/v1/orgs", "{\"name\":\"x\",\"plan\":\"platinum\"}", bearer(platform))
            .status());
  }
}
