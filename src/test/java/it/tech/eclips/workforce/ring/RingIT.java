package it.tech.eclips.workforce.ring;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.keys.control.KeyMint;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * The ring on /v1: authenticate, scope, rate limit, plan gate, each answered as the contract says.
 */
@ExtendWith(Deployments.class)
class RingIT {

  private static String teamOrg;
  private static String key;

  @BeforeAll
  static void orgWithKey() {
    teamOrg = Api.newOrg("team");
    key = Api.newKey(teamOrg, "live", "runs:read");
  }

  @Test
  void meAnswersWithTheKeysOrgModeScopesAndLimit() {
    Reply me = get("/v1/me", bearer(key)).expect(200);
    JsonObject body = me.json();
    assertEquals(teamOrg, body.getString("org_id"));
    assertEquals("team", body.getString("plan"));
    assertEquals(true, body.getBoolean("livemode"));
    assertEquals("live", body.getJsonObject("key").getString("mode"));
    assertEquals("runs:read", body.getJsonObject("key").getJsonArray("scopes").getString(0));
    assertEquals(60, body.getJsonObject("key").getInt("rate_limit_per_minute"));
    assertTrue(me.header("X-Request-Id").startsWith("req_"));
    assertTrue(
        me.header("RateLimit-Policy").matches("\"per-key\";q=60;w=60, \"credits\";q=\\d+"),
        me.header("RateLimit-Policy"));
    assertTrue(
        me.header("RateLimit").matches("\"per-key\";r=\\d+;t=\\d+, \"credits\";r=\\d+;t=\\d+"),
        me.header("RateLimit"));
  }

  @Test
  void xApiKeyWorksAndAgreeingHeadersToo() {
    get("/v1/me", "X-Api-Key", key).expect(200);
    get("/v1/me", "X-Api-Key", key, "Authorization", "Bearer " + key).expect(200);
  }

  @Test
  void missingKeyIs401WithoutErrorAttribute() {
    Reply reply = get("/v1/me").expect(401);
    assertEquals("missing_api_key", reply.code());
    assertEquals("Bearer realm=\"eclips\"", reply.header("WWW-Authenticate"));
    assertProblem(reply);
  }

  @Test
  void everyKindOfBadKeyIs401InvalidApiKey() {
    String valid = key;
    String badChecksum = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
    String other = Api.newKey(teamOrg, "test", "runs:read");
    String[] bad = {
      "not-a-key",
      "eck_live_short",
      badChecksum,
      "eck_live_" + "A".repeat(40) + "000000",
      "Basic dXNlcjpwYXNz",
    };
    for (String presented : bad) {
      Reply reply =
          get(
              "/v1/me",
              "Authorization",
              presented.startsWith("Basic") ? presented : "Bearer " + presented);
      assertEquals(401, reply.status(), presented);
      assertEquals("invalid_api_key", reply.code());
      assertEquals(
          "Bearer realm=\"eclips\", error=\"invalid_token\"", reply.header("WWW-Authenticate"));
    }
    Reply disagreeing = get("/v1/me", "X-Api-Key", other, "Authorization", "Bearer " + valid);
    assertEquals(401, disagreeing.status());
    assertEquals("invalid_api_key", disagreeing.code());
  }

  @Test
  void aWellFormedKeyThatWasNeverIssuedIs401() {
    String neverIssued = new KeyMint().mint(KeyMode.LIVE).plaintext();
    assertEquals("invalid_api_key", get("/v1/me", bearer(neverIssued)).expect(401).code());
  }

  @Test
  void aMissingScopeIs403WithTheScopeNamed() {
    String documentsOnly = Api.newKey(teamOrg, "live", "documents:read");
    Reply reply = get("/v1/agents/runs", bearer(documentsOnly)).expect(403);
    assertEquals("insufficient_scope", reply.code());
    assertEquals(
        "Bearer realm=\"eclips\", error=\"insufficient_scope\", scope=\"runs:read\"",
        reply.header("WWW-Authenticate"));
    get("/v1/agents/runs", bearer(key)).expect(200);
  }

  @Test
  void plansWithoutApiAccessGet403AndAPlanChangeAppliesToTheNextRequest() {
    String org = Api.newOrg("starter");
    String starterKey = Api.newKey(org, "live", "runs:read");
    Reply denied = get("/v1/me", bearer(starterKey)).expect(403);
    assertEquals("plan_upgrade_required", denied.code());
    Api.changePlan(org, "growth");
    assertEquals("growth", get("/v1/me", bearer(starterKey)).expect(200).json().getString("plan"));
    Api.changePlan(org, "pro");
    assertEquals("plan_upgrade_required", get("/v1/me", bearer(starterKey)).expect(403).code());
    Api.changePlan(org, "team");
    get("/v1/me", bearer(starterKey)).expect(200);
  }

  @Test
  void theFirstFailingCheckAnswers() {
    String org = Api.newOrg("starter");
    JsonObject created =
        Api.newKey(org, "{\"name\":\"x\",\"mode\":\"live\",\"scopes\":[\"documents:read\"]}");
    String starterKey = created.getString("key");
    // scope is checked before the plan: a starter key without runs:read gets insufficient_scope
    assertEquals(
        "insufficient_scope", get("/v1/agents/runs", bearer(starterKey)).expect(403).code());
    // authentication before everything: a revoked key on a starter org gets 401, not 403
    Api.send(
            "DELETE",
            "/console/v1/api-keys/" + created.getString("id"),
            null,
            bearer(Api.orgToken(org, "org_admin")))
        .expect(204);
    assertEquals("invalid_api_key", get("/v1/agents/runs", bearer(starterKey)).expect(401).code());
  }

  @Test
  void expiredKeysStopWorkingWhenTheyExpire() throws InterruptedException {
    Instant expiry = Instant.now().plusSeconds(3);
    String expiring =
        Api.newKey(
                teamOrg,
                "{\"name\":\"short\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"expires_at\":\""
                    + expiry
                    + "\"}")
            .getString("key");
    get("/v1/me", bearer(expiring)).expect(200);
    Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 200);
    assertEquals("invalid_api_key", get("/v1/me", bearer(expiring)).expect(401).code());
  }

  @Test
  void unknownPathsAndMethodsAreProblemsToo() {
    Reply missing = get("/v1/nothing-here", bearer(key)).expect(404);
    assertEquals("not_found", missing.code());
    assertProblem(missing);
    Reply wrongMethod = Api.send("DELETE", "/v1/me", null, bearer(key));
    assertEquals(405, wrongMethod.status());
    assertProblem(wrongMethod);
  }

  static void assertProblem(Reply reply) {
    assertEquals("application/problem+json", reply.header("Content-Type"));
    JsonObject body = reply.json();
    for (String field : new String[] {"type", "title", "status", "detail", "code", "request_id"}) {
      assertTrue(body.containsKey(field), () -> field + " missing in " + body);
    }
    assertEquals(reply.header("X-Request-Id"), body.getString("request_id"));
    assertEquals(reply.status(), body.getInt("status"));
  }
}
