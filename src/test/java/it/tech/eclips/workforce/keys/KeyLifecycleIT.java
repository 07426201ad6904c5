package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key lifecycle Stripe and Unkey users expect (issue 22): change a key's name, scopes, limit
 * and expiry within the plan's rules; disable and enable it; rotate it with a grace period; be
 * warned before it expires. Every change bites on the next request on the same node.
 */
@ExtendWith(Deployments.class)
class KeyLifecycleIT {

  private static final String KEYS = "/console/v1/api-keys";

  private static String org;
  private static String admin;

  @BeforeAll
  static void org() {
    org = Api.newOrg("team");
    admin = orgToken(org, "org_admin");
  }

  private static JsonObject newKey(String extra) {
    return Api.newKey(
        org, "{\"name\":\"lifecycle\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]" + extra + "}");
  }

  private static Reply patch(String id, String body) {
    return send("PATCH", KEYS + "/" + id, body, bearer(admin));
  }

  private static JsonObject listed(String id) {
    return get(KEYS + "?limit=100", bearer(admin)).expect(200).json().getJsonArray("data").stream()
        .map(v -> v.asJsonObject())
        .filter(k -> k.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  /** The org's audit entries of one action about one key. */
  private static List<JsonObject> audited(String action, String keyId) {
    return get("/console/v1/audit-log?limit=100&action=" + action, bearer(admin))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(v -> v.asJsonObject())
        .filter(e -> keyId.equals(e.getString("resource_id", null)))
        .toList();
  }

  @Test
  void aPatchChangesNameScopesLimitAndExpiryAndTheNextRequestSeesIt() {
    JsonObject key = newKey(",\"rate_limit_per_minute\":30");
    String secret = key.getString("key");
    for (int i = 0; i < 3; i++) {
      get("/v1/me", bearer(secret)).expect(200); // cached on this node now
    }
    assertEquals(403, get("/v1/audit-log", bearer(secret)).status());
    String expires = Instant.now().plus(Duration.ofDays(30)).toString();
    JsonObject changed =
        patch(
                key.getString("id"),
                "{\"name\":\"renamed\",\"scopes\":[\"runs:read\",\"audit:read\"],"
                    + "\"rate_limit_per_minute\":20,\"expires_at\":\""
                    + expires
                    + "\"}")
            .expect(200)
            .json();
    assertEquals("renamed", changed.getString("name"));
    assertEquals(20, changed.getInt("rate_limit_per_minute"));
    assertEquals(Instant.parse(expires), Instant.parse(changed.getString("expires_at")));
    assertFalse(changed.getBoolean("expires_soon"));
    assertFalse(changed.containsKey("key"), "a PATCH never shows the secret");
    // the very next request on this node: new scopes and limit, no stale cache
    JsonObject me = get("/v1/me", bearer(secret)).expect(200).json();
    assertTrue(me.toString().contains("audit:read"), me::toString);
    get("/v1/audit-log", bearer(secret)).expect(200);
    String policy = get("/v1/me", bearer(secret)).header("RateLimit-Policy");
    assertTrue(policy.contains("q=20"), policy);
  }

  @Test
  void aWideningIsAuditedAsSuchANarrowingAsAnUpdate() {
    JsonObject key =
        newKey(
            ",\"rate_limit_per_minute\":30,\"expires_at\":\""
                + Instant.now().plus(Duration.ofDays(60))
                + "\"");
    String id = key.getString("id");
    patch(id, "{\"name\":\"quieter\",\"rate_limit_per_minute\":10}").expect(200);
    List<JsonObject> updated = audited("api_key.updated", id);
    assertEquals(1, updated.size(), updated::toString);
    assertEquals("name,rate_limit_per_minute", updated.get(0).getString("code"));
    assertEquals("user", updated.get(0).getString("actor_type"));

    patch(id, "{\"scopes\":[\"runs:read\",\"runs:write\"]}").expect(200);
    patch(id, "{\"rate_limit_per_minute\":null}").expect(200); // the plan's 60 > 10
    patch(id, "{\"expires_at\":null}").expect(200); // never expires > a date
    List<String> widened =
        audited("api_key.widened", id).stream().map(e -> e.getString("code")).toList();
    assertEquals(
        List.of("expires_at", "rate_limit_per_minute", "scopes"),
        widened.stream().sorted().toList());
    JsonObject now = get(KEYS + "/" + id, bearer(admin)).expect(200).json();
    assertTrue(now.isNull("rate_limit_per_minute") && now.isNull("expires_at"), now::toString);
  }

  @Test
  void whatThePlanDoesNotAllowAndMalformedChangesAreProblems() {
    String id = newKey("").getString("id");
    assertEquals(
        List.of("rate_limit_per_minute"),
        fields(patch(id, "{\"rate_limit_per_minute\":61}"))); // team: 60 a minute
    assertEquals(List.of("colour"), fields(patch(id, "{\"name\":\"x\",\"colour\":\"red\"}")));
    assertEquals(List.of("scopes"), fields(patch(id, "{\"scopes\":[\"runs:*\"]}")));
    assertEquals(List.of("scopes"), fields(patch(id, "{\"scopes\":[]}")));
    assertEquals(List.of("name"), fields(patch(id, "{}")));
    assertEquals(List.of("name"), fields(patch(id, "{\"name\":null}")));
    assertEquals(
        List.of("expires_at"),
        fields(patch(id, "{\"expires_at\":\"" + Instant.now().minusSeconds(60) + "\"}")));
    assertEquals(400, patch(id, "{not json").status());
    assertEquals(
        403,
        send("PATCH", KEYS + "/" + id, "{\"name\":\"x\"}", bearer(orgToken(org, "org_member")))
            .status());
    String stranger = orgToken(Api.newOrg("team"), "org_admin");
    assertEquals(
        404, send("PATCH", KEYS + "/" + id, "{\"name\":\"x\"}", bearer(stranger)).status());
    assertEquals(404, post(KEYS + "/" + id + "/disable", null, bearer(stranger)).status());
    assertEquals("lifecycle", get(KEYS + "/" + id, bearer(admin)).json().getString("name"));
  }

  private static List<String> fields(Reply reply) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals("invalid_request", reply.code());
    return reply.json().getJsonArray("errors").stream()
        .map(e -> e.asJsonObject().getString("field"))
        .sorted()
        .toList();
  }

  @Test
  void aDisabledKeyIsRefusedAtOnceAndWorksAgainOnceEnabled() {
    JsonObject key = newKey("");
    String id = key.getString("id");
    String secret = key.getString("key");
    for (int i = 0; i < 3; i++) {
      get("/v1/me", bearer(secret)).expect(200);
    }
    JsonObject disabled =
        post(KEYS + "/" + id + "/disable", null, bearer(admin)).expect(200).json();
    assertFalse(disabled.isNull("disabled_at"));
    Reply refused = get("/v1/me", bearer(secret));
    assertEquals(401, refused.status(), refused::toString);
    assertEquals("api_key_disabled", refused.code());
    assertTrue(refused.header("WWW-Authenticate").contains("invalid_token"));
    post(KEYS + "/" + id + "/disable", null, bearer(admin)).expect(200); // again: no change
    assertEquals(2, audited("api_key.disabled", id).size());

    JsonObject enabled = post(KEYS + "/" + id + "/enable", null, bearer(admin)).expect(200).json();
    assertTrue(enabled.isNull("disabled_at"));
    get("/v1/me", bearer(secret)).expect(200);
    assertEquals(1, audited("api_key.enabled", id).size());
    assertEquals(
        403,
        post(KEYS + "/" + id + "/disable", null, bearer(orgToken(org, "org_member"))).status());

    send("DELETE", KEYS + "/" + id, null, bearer(admin)).expect(204);
    assertEquals(
        "key_revoked", post(KEYS + "/" + id + "/enable", null, bearer(admin)).expect(409).code());
    assertEquals(
        "key_revoked", post(KEYS + "/" + id + "/disable", null, bearer(admin)).expect(409).code());
    assertEquals("key_revoked", patch(id, "{\"name\":\"x\"}").expect(409).code());
    assertEquals("invalid_api_key", get("/v1/me", bearer(secret)).expect(401).code());
  }

  @Test
  void aRotationWithGraceKeepsTheOldKeyWorkingUntilThenAndShowsIt() {
    JsonObject old = newKey("");
    String oldId = old.getString("id");
    get("/v1/me", bearer(old.getString("key"))).expect(200);
    Instant before = Instant.now();
    JsonObject next =
        post(KEYS + "/" + oldId + "/rotate", "{\"grace_period_seconds\":3600}", bearer(admin))
            .expect(201)
            .json();
    assertEquals(oldId, next.getString("rotated_from"));
    get("/v1/me", bearer(old.getString("key"))).expect(200); // still, in its grace period
    get("/v1/me", bearer(next.getString("key"))).expect(200);

    JsonObject graced = listed(oldId);
    Instant until = Instant.parse(graced.getString("grace_until"));
    assertTrue(
        !until.isBefore(before.plusSeconds(3590)) && until.isBefore(before.plusSeconds(3660)),
        graced::toString);
    assertEquals(until, Instant.parse(graced.getString("revoked_at")));
    assertTrue(listed(next.getString("id")).isNull("grace_until"));
    assertEquals(
        "key_already_rotated",
        post(KEYS + "/" + oldId + "/rotate", null, bearer(admin)).expect(409).code());

    // revoking ends the grace at once
    send("DELETE", KEYS + "/" + oldId, null, bearer(admin)).expect(204);
    assertEquals("invalid_api_key", get("/v1/me", bearer(old.getString("key"))).expect(401).code());
    JsonObject revoked = listed(oldId);
    assertTrue(revoked.isNull("grace_until"), revoked::toString);
    get("/v1/me", bearer(next.getString("key"))).expect(200);
  }

  @Test
  void aGracePeriodEndsOnItsOwnAndIsAtMostADay() {
    JsonObject old = newKey("");
    String secret = old.getString("key");
    get("/v1/me", bearer(secret)).expect(200);
    post(
            KEYS + "/" + old.getString("id") + "/rotate",
            "{\"grace_period_seconds\":2}",
            bearer(admin))
        .expect(201);
    get("/v1/me", bearer(secret)).expect(200);
    await("the grace period to end")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get("/v1/me", bearer(secret)).status() == 401);
    assertEquals("invalid_api_key", get("/v1/me", bearer(secret)).code());

    String id = newKey("").getString("id");
    for (String bad :
        List.of(
            "{\"grace_period_seconds\":86401}",
            "{\"grace_period_seconds\":-1}",
            "{\"grace_period_seconds\":1.5}",
            "{\"grace_period_seconds\":\"1h\"}",
            "{\"grace\":60}")) {
      assertEquals(400, post(KEYS + "/" + id + "/rotate", bad, bearer(admin)).status(), bad);
    }
    Reply plain =
        send(
            "POST",
            KEYS + "/" + id + "/rotate",
            "{\"grace_period_seconds\":60}",
            "Authorization",
            "Bearer " + admin,
            "Content-Type",
            "text/plain");
    assertEquals("unsupported_media_type", plain.expect(415).code());
    post(KEYS + "/" + id + "/rotate", "{\"grace_period_seconds\":0}", bearer(admin)).expect(201);
  }

  @Test
  void ofConcurrentRotationsWithGraceExactlyOneWins() throws Exception {
    String id = newKey("").getString("id");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> rotations = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        rotations.add(
            () ->
                post(KEYS + "/" + id + "/rotate", "{\"grace_period_seconds\":600}", bearer(admin))
                    .status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(rotations)) {
        statuses.add(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
      assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
    } finally {
      pool.shutdownNow();
    }
    long successors =
        get(KEYS + "?limit=100", bearer(admin)).json().getJsonArray("data").stream()
            .filter(k -> id.equals(k.asJsonObject().getString("rotated_from", null)))
            .count();
    assertEquals(1, successors);
  }

  @Test
  void aKeyAboutToExpireIsFlaggedAndItsWarningAuditedOnce() {
    JsonObject soon = newKey(",\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"");
    assertTrue(soon.getBoolean("expires_soon"));
    assertTrue(listed(soon.getString("id")).getBoolean("expires_soon"));
    assertEquals(1, audited("api_key.expiring", soon.getString("id")).size());

    JsonObject later =
        newKey(",\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"");
    String id = later.getString("id");
    assertFalse(listed(id).getBoolean("expires_soon"));
    assertEquals(0, audited("api_key.expiring", id).size());
    patch(id, "{\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\"}").expect(200);
    assertTrue(listed(id).getBoolean("expires_soon"));
    patch(id, "{\"name\":\"still soon\"}").expect(200);
    List<JsonObject> warnings = audited("api_key.expiring", id);
    assertEquals(1, warnings.size(), warnings::toString);
    assertEquals("system", warnings.get(0).getString("actor_type"));

    // one that enters the 7-day window as time passes: the timer (every 15 s) warns of it
    JsonObject drifting =
        newKey(",\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(7)).plusSeconds(5) + "\"");
    assertFalse(drifting.getBoolean("expires_soon"));
    await("the expiry-warning timer")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> audited("api_key.expiring", drifting.getString("id")).size() == 1);
    assertTrue(listed(drifting.getString("id")).getBoolean("expires_soon"));
  }

  @Test
  void rotatingAnExpiredKeyGivesAFreshExpiryWithinTheKeyCap() {
    String small = Api.newOrg("starter"); // 5 active keys
    String smallAdmin = orgToken(small, "org_admin");
    String body = "{\"name\":\"short\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]";
    JsonObject expiring =
        Api.newKey(small, body + ",\"expires_at\":\"" + Instant.now().plusSeconds(3) + "\"}");
    Instant created = Instant.parse(expiring.getString("created_at"));
    Duration lifetime = Duration.between(created, Instant.parse(expiring.getString("expires_at")));
    JsonObject other = Api.newKey(small, body + "}");
    await("the key to expire")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(Instant.parse(expiring.getString("expires_at"))));

    Instant before = Instant.now();
    JsonObject successor =
        post(KEYS + "/" + expiring.getString("id") + "/rotate", null, bearer(smallAdmin))
            .expect(201)
            .json();
    Instant fresh = Instant.parse(successor.getString("expires_at"));
    assertTrue(
        !fresh.isBefore(before.plus(lifetime).minusSeconds(1))
            && fresh.isBefore(Instant.now().plus(lifetime).plusSeconds(1)),
        successor::toString);

    // the successor lives only as long as the first key did (3 s): revoked now, so that its own
    // expiry cannot free a place under the cap while the rest of the test runs
    send("DELETE", KEYS + "/" + successor.getString("id"), null, bearer(smallAdmin)).expect(204);

    // at the cap, an expired key's successor would be one key too many
    JsonObject second =
        Api.newKey(small, body + ",\"expires_at\":\"" + Instant.now().plusSeconds(2) + "\"}");
    await("the second key to expire")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(Instant.parse(second.getString("expires_at"))));
    for (int i = 0; i < 5 && post(KEYS, body + "}", bearer(smallAdmin)).status() == 201; i++) {
      // fill the org up to its cap
    }
    assertEquals(409, post(KEYS, body + "}", bearer(smallAdmin)).status());
    assertEquals(
        "key_limit_reached",
        post(KEYS + "/" + second.getString("id") + "/rotate", null, bearer(smallAdmin))
            .expect(409)
            .code());
    assertEquals(
        "key_limit_reached",
        send(
                "PATCH",
                KEYS + "/" + second.getString("id"),
                "{\"expires_at\":null}",
                bearer(smallAdmin))
            .expect(409)
            .code());
    send("DELETE", KEYS + "/" + other.getString("id"), null, bearer(smallAdmin)).expect(204);
    post(KEYS + "/" + second.getString("id") + "/rotate", null, bearer(smallAdmin)).expect(201);
  }
}
