package it.tech.eclips.workforce.ring;

import static it.tech.eclips.workforce.harness.Api.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.keys.control.KeyMint;
import tech.eclips.workforce.keys.control.MintedKey;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * Unauthenticated and failed-authentication floods: limited per client address before they reach
 * the database, unknown digests remembered, denials summarised. Each test is its own client address
 * (the test server trusts loopback as a proxy, so X-Forwarded-For names the client).
 */
@ExtendWith(Deployments.class)
class AuthFloodsIT {

  private static final int FAILURES_PER_MINUTE = 60;

  private static String newAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }

  private static Reply me(String address, String key) {
    return key == null
        ? get("/v1/me", "X-Forwarded-For", address)
        : get("/v1/me", "X-Forwarded-For", address, "Authorization", "Bearer " + key);
  }

  @Test
  void anAddressThatKeepsFailingIsRefusedBeforeItsKeysAreLookedUp() {
    String org = Api.newOrg("team");
    String cached = Api.newKey(org, "live", "runs:read");
    String neverUsed = Api.newKey(org, "live", "runs:read");
    // A lookup that races with any cache eviction is used once but not cached: use it a few times.
    for (int i = 0; i < 3; i++) {
      me(newAddress(), cached).expect(200);
    }
    String attacker = newAddress();
    for (int i = 0; i < FAILURES_PER_MINUTE; i++) {
      Reply refused = me(attacker, i % 2 == 0 ? null : "eck_live_garbage" + i);
      assertEquals(401, refused.status(), "failure " + i);
    }
    Reply limited = me(attacker, null);
    assertEquals(429, limited.status());
    assertEquals("rate_limited", limited.code());
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(429, me(attacker, neverUsed).status(), "a key this node does not hold");
    assertEquals(200, me(attacker, cached).status(), "a key this node holds costs no lookup");
    assertEquals(401, me(newAddress(), null).status(), "other addresses are unaffected");
    assertEquals(200, me(newAddress(), neverUsed).status());
  }

  /**
   * A well-formed key that resolves to nothing is remembered as unknown: issuing it afterwards
   * behind the application's back shows the next request did not ask the database.
   */
  @Test
  void unknownDigestsAreRememberedForAShortTime() throws Exception {
    String org = Api.newOrg("team");
    MintedKey minted = new KeyMint().mint(KeyMode.LIVE);
    String address = newAddress();
    assertEquals(401, me(address, minted.plaintext()).status());
    UUID keyId = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin()) {
      try (PreparedStatement key =
          admin.prepareStatement(
              "INSERT INTO api_keys (org_id, id, name, mode, digest, hint, scopes)"
                  + " VALUES (?::uuid, ?, 'late', 'live', ?, ?, 'runs:read')")) {
        key.setString(1, org);
        key.setObject(2, keyId);
        key.setBytes(3, minted.digest());
        key.setString(4, minted.hint());
        key.executeUpdate();
      }
      try (PreparedStatement digest =
          admin.prepareStatement(
              "INSERT INTO api_key_digests (digest, org_id, key_id) VALUES (?, ?::uuid, ?)")) {
        digest.setBytes(1, minted.digest());
        digest.setString(2, org);
        digest.setObject(3, keyId);
        digest.executeUpdate();
      }
    }
    assertEquals(401, me(newAddress(), minted.plaintext()).status(), "still remembered as unknown");
    await("the unknown entry to expire")
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> me(newAddress(), minted.plaintext()).status() == 200);
  }

  @Test
  void repeatedDenialsOfAKeyAreOneEntryPerCodeAndMinute() {
    String org = Api.newOrg("team");
    String noScope = Api.newKey(org, "live", "credits:read");
    JsonObject revokedKey =
        Api.newKey(org, "{\"name\":\"doomed\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}");
    String revoked = revokedKey.getString("key");
    me(newAddress(), revoked).expect(200);
    Api.send(
            "DELETE",
            "/console/v1/api-keys/" + revokedKey.getString("id"),
            null,
            Api.bearer(Api.orgToken(org, "org_admin")))
        .expect(204);
    for (int i = 0; i < 25; i++) {
      assertEquals(403, get("/v1/agents/runs", Api.bearer(noScope)).status());
      assertEquals(401, me(newAddress(), revoked).status());
    }
    Api.verifyAudit(org);
    JsonObject log =
        get("/console/v1/audit-log?limit=100", Api.bearer(Api.orgToken(org, "org_admin")))
            .expect(200)
            .json();
    var denials =
        log.getJsonArray("data").stream()
            .map(JsonObject.class::cast)
            .filter(e -> "denied".equals(e.getString("outcome")))
            .toList();
    for (String code : java.util.List.of("insufficient_scope", "invalid_api_key")) {
      var entries = denials.stream().filter(e -> code.equals(e.getString("code", null))).toList();
      // one entry per minute: two only if the loop straddled a minute boundary
      assertTrue(entries.size() == 1 || entries.size() == 2, entries.toString());
      assertEquals(25, entries.stream().mapToInt(e -> e.getInt("occurrences")).sum(), code);
    }
  }
}
