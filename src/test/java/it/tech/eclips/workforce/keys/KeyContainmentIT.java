package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Containing a key without breaking its integration (issue 25, part 2): an address allow-list
 * (IPv4, IPv6, the client taken from X-Forwarded-For only behind a trusted proxy), a quarantine
 * (read-only, slow, pinned to where the key was seen, every call audited), the org-wide freeze of a
 * mode's keys (on this node at the next request; on another node through the change feed), and
 * revoking every key of a mode in one call. The test server trusts loopback as a proxy, so a test
 * chooses its client address with X-Forwarded-For.
 */
@ExtendWith(Deployments.class)
class KeyContainmentIT {

  private static final String XFF = "X-Forwarded-For";

  @Test
  void anAllowListAdmitsItsIpv4AndIpv6RangesThroughATrustedProxyAndRefusesTheRest()
      throws Exception {
    String org = Api.newOrg("team");
    JsonObject key = newKey(org, "live", "runs:read");
    String secret = key.getString("key");
    JsonObject contained =
        contain(org, key, "{\"allowed_ips\":[\"203.0.113.0/24\",\"2001:db8:5::/48\"]}").json();
    assertEquals(
        List.of("\"203.0.113.0/24\"", "\"2001:db8:5:0:0:0:0:0/48\""),
        contained.getJsonArray("allowed_ips").stream().map(Object::toString).toList());

    assertEquals(200, me(secret, "203.0.113.7").status(), "IPv4 inside the range");
    assertEquals(200, me(secret, "2001:db8:5:1::9").status(), "IPv6 inside the range");
    assertEquals(200, me(secret, "198.51.100.9, 203.0.113.8").status(), "the right-most hop");
    for (String outside : List.of("198.51.100.9", "2001:db8:6::1", "203.0.114.1")) {
      Reply refused = me(secret, outside);
      assertEquals(403, refused.status(), outside);
      assertEquals("ip_not_allowed", refused.code(), outside);
    }
    Reply noHeader = get("/v1/me", bearer(secret));
    assertEquals("ip_not_allowed", noHeader.code(), "the loopback proxy itself is no client here");

    contain(org, key, "{\"allowed_ips\":null}").expect(200);
    assertEquals(200, me(secret, "198.51.100.9").status(), "lifted: any address again");
  }

  /**
   * X-Forwarded-For is believed only from a trusted proxy (the test server trusts 127.0.0.1 and
   * ::1): a request from another loopback address, 127.0.0.2, is a client of its own, and its
   * header cannot choose an allowed address. Sent over a socket bound to that source address (the
   * HTTP client cannot choose one), so it works whichever interface the server listens on.
   */
  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    String org = Api.newOrg("team");
    JsonObject key = newKey(org, "live", "runs:read");
    contain(org, key, "{\"allowed_ips\":[\"203.0.113.0/24\"]}").expect(200);
    String fromUntrustedPeer = rawGetMe(key.getString("key"), "203.0.113.7");
    assertTrue(fromUntrustedPeer.startsWith("HTTP/1.1 403"), fromUntrustedPeer);
    assertTrue(fromUntrustedPeer.contains("\"ip_not_allowed\""), fromUntrustedPeer);
    assertEquals(200, me(key.getString("key"), "203.0.113.7").status(), "through the proxy");
  }

  private static String rawGetMe(String key, String forwardedFor) throws Exception {
    try (Socket socket = new Socket()) {
      try {
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      } catch (java.io.IOException noSecondLoopbackAddress) {
        assumeTrue(false, "this machine cannot send from 127.0.0.2");
      }
      socket.connect(
          new InetSocketAddress(
              InetAddress.getByName("127.0.0.1"),
              Integer.parseInt(System.getProperty("eclips.http.port", "9080"))),
          5_000);
      socket.setSoTimeout(30_000);
      String request =
          "GET /v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\n"
              + XFF
              + ": "
              + forwardedFor
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aQuarantinedKeyIsReadOnlySlowPinnedToWhereItWasSeenAndFullyAudited() throws Exception {
    String org = Api.newOrg("team");
    JsonObject key = newKey(org, "live", "runs:read", "runs:write");
    String secret = key.getString("key");
    String seen = "198.51.100.20";
    me(secret, seen).expect(200);
    await("the use audited with its address")
        .atMost(Duration.ofSeconds(10))
        .until(() -> addresses(org, key.getString("id")).contains(seen));

    JsonObject quarantined = contain(org, key, "{\"quarantined\":true}").expect(200).json();
    assertNotEquals(null, quarantined.getString("quarantined_at", null));
    assertEquals("[\"198.51.100.20/32\"]", quarantined.getJsonArray("pinned_ips").toString());

    Reply read = me(secret, seen);
    assertEquals(200, read.status(), "the next request on this node sees the quarantine");
    JsonObject identity = read.json().getJsonObject("key");
    assertEquals("[\"runs:read\"]", identity.getJsonArray("scopes").toString());
    assertEquals(10, identity.getInt("rate_limit_per_minute"));
    assertTrue(read.header("RateLimit-Policy").contains("q=10"), read.header("RateLimit-Policy"));
    Reply write = post("/v1/agents/runs", Api.invoice("Q-1"), withXff(secret, seen));
    assertEquals("insufficient_scope", write.code(), "read-only while quarantined");
    assertEquals("ip_not_allowed", me(secret, "198.51.100.21").code(), "pinned");
    me(secret, seen).expect(200);

    await("every call of the quarantined key audited on its own, in full")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                quarantinedEntries(org, key.getString("id")) >= 2
                    // a denial too, at once: not summarised at the end of its minute
                    && auditCodes(org, key.getString("id")).contains("ip_not_allowed"));
    assertEquals(1, countEvents(org, "api_key.quarantined"));

    contain(org, key, "{\"quarantined\":false}").expect(200);
    Reply released = me(secret, "198.51.100.21");
    assertEquals(200, released.status());
    assertEquals(
        "[\"runs:read\",\"runs:write\"]",
        released.json().getJsonObject("key").getJsonArray("scopes").toString());
  }

  @Test
  void aFreezeRefusesEveryKeyOfTheModeAtTheNextRequestAndAThawRestoresThem() throws Exception {
    String org = Api.newOrg("team");
    String test = newKey(org, "test", "runs:read").getString("key");
    String live = newKey(org, "live", "runs:read").getString("key");
    me(test, "192.0.2.10").expect(200);
    me(live, "192.0.2.10").expect(200);
    long feed = feedRows(org);

    freeze(org, "[\"test\"]").expect(200);
    Reply frozen = me(test, "192.0.2.10");
    assertEquals(403, frozen.status());
    assertEquals("org_frozen", frozen.code());
    me(live, "192.0.2.10").expect(200);
    assertTrue(feedRows(org) > feed, "the freeze is in the feed other nodes poll");

    JsonObject both = freeze(org, "[\"test\",\"live\"]").expect(200).json();
    assertEquals(2, both.getJsonArray("frozen_modes").size());
    assertEquals("org_frozen", me(live, "192.0.2.10").code());

    freeze(org, "[]").expect(200);
    me(test, "192.0.2.10").expect(200);
    me(live, "192.0.2.10").expect(200);
    await("both freezes and the thaw audited")
        .atMost(Duration.ofSeconds(10))
        .until(() -> auditActions(org).stream().filter("api_keys.frozen"::equals).count() == 3);
  }

  /**
   * Another node's freeze: written to the database and the feed, while this node caches the key.
   */
  @Test
  void anotherNodesFreezeReachesThisNodeWithinSeconds() throws Exception {
    String org = Api.newOrg("team");
    String live = newKey(org, "live", "runs:read").getString("key");
    me(live, "192.0.2.11").expect(200);
    admin(
        "INSERT INTO org_settings (org_id, id, frozen_modes) VALUES ('"
            + org
            + "', gen_random_uuid(), 'test,live')");
    assertEquals(200, me(live, "192.0.2.11").status(), "served from this node's cache");
    admin("INSERT INTO key_change_events (org_id, id) VALUES ('" + org + "', gen_random_uuid())");
    long start = System.nanoTime();
    String code =
        await("the frozen key to be refused")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> me(live, "192.0.2.11"), answer -> answer.status() != 200)
            .code();
    assertEquals("org_frozen", code);
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "took more than 3 s");
  }

  @Test
  void everyKeyOfAModeIsRevokedInOneAuditedCall() throws Exception {
    String org = Api.newOrg("team");
    String test1 = newKey(org, "test", "runs:read").getString("key");
    String test2 = newKey(org, "test", "runs:read").getString("key");
    String live = newKey(org, "live", "runs:read").getString("key");
    me(test1, "192.0.2.12").expect(200);

    JsonObject revoked =
        post(
                "/console/v1/key-containment/revocations",
                "{\"mode\":\"test\"}",
                bearer(orgToken(org, "org_admin")))
            .expect(200)
            .json();
    assertEquals(2, revoked.getInt("revoked"));
    assertEquals("invalid_api_key", me(test1, "192.0.2.12").code());
    assertEquals("invalid_api_key", me(test2, "192.0.2.12").code());
    me(live, "192.0.2.12").expect(200);
    assertTrue(auditCodes(org, null).contains("test:2"), "one entry: mode and count");
  }

  @Test
  void badRangesUnknownFieldsAndMembersAreRefused() throws Exception {
    String org = Api.newOrg("team");
    JsonObject key = newKey(org, "live", "runs:read");
    for (String body :
        List.of(
            "{\"allowed_ips\":[\"203.0.113.0/33\"]}",
            "{\"allowed_ips\":[\"example.com\"]}",
            "{\"allowed_ips\":[]}",
            "{\"pinned_ips\":[\"203.0.113.1\"]}",
            "{\"quarantined\":\"yes\"}",
            "{\"surprise\":1}",
            "{}")) {
      assertEquals(400, contain(org, key, body).status(), body);
    }
    // the bound: 50 of the longest canonical ranges fit the column, 51 are refused
    String fifty =
        String.join(
            ",",
            java.util.stream.IntStream.range(0, 51)
                .mapToObj(
                    i ->
                        "\"ffff:ffff:ffff:ffff:ffff:ffff:ffff:"
                            + Integer.toHexString(0xff00 + i)
                            + "\"")
                .toList());
    assertEquals(400, contain(org, key, "{\"allowed_ips\":[" + fifty + "]}").status(), "51 ranges");
    String longest = fifty.substring(0, fifty.lastIndexOf(','));
    assertEquals(
        200, contain(org, key, "{\"allowed_ips\":[" + longest + "]}").status(), "50 ranges");
    assertEquals(400, freeze(org, "[\"prod\"]").status());
    assertEquals(
        400,
        post(
                "/console/v1/key-containment/revocations",
                "{\"mode\":\"all\"}",
                bearer(orgToken(org, "org_admin")))
            .status());
    assertEquals(
        403,
        send(
                "PUT",
                "/console/v1/key-containment",
                "{\"frozen_modes\":[\"live\"]}",
                bearer(orgToken(org, "org_member")))
            .status());
    assertEquals(
        404,
        send(
                "PUT",
                "/console/v1/key-containment/api-keys/" + key.getString("id"),
                "{\"quarantined\":true}",
                bearer(orgToken(Api.newOrg("team"), "org_admin")))
            .status(),
        "another org's key");
    JsonObject state =
        get("/console/v1/key-containment", bearer(orgToken(org, "org_member"))).expect(200).json();
    assertEquals("quarantine", state.getString("leak_action"));
  }

  static JsonObject newKey(String org, String mode, String... scopes) {
    String list = String.join(",", List.of(scopes).stream().map(s -> "\"" + s + "\"").toList());
    return Api.newKey(
        org, "{\"name\":\"contained\",\"mode\":\"" + mode + "\",\"scopes\":[" + list + "]}");
  }

  static Reply contain(String org, JsonObject key, String body) {
    return send(
        "PUT",
        "/console/v1/key-containment/api-keys/" + key.getString("id"),
        body,
        bearer(orgToken(org, "org_admin")));
  }

  static Reply freeze(String org, String modes) {
    return send(
        "PUT",
        "/console/v1/key-containment",
        "{\"frozen_modes\":" + modes + "}",
        bearer(orgToken(org, "org_admin")));
  }

  static Reply me(String key, String client) {
    return get("/v1/me", withXff(key, client));
  }

  private static String[] withXff(String key, String client) {
    return new String[] {"Authorization", "Bearer " + key, XFF, client};
  }

  static List<String> auditCodes(String org, String keyId) throws Exception {
    return column(
        "SELECT coalesce(code, '') FROM audit_log WHERE org_id = ?::uuid"
            + (keyId == null
                ? ""
                : " AND (actor_id = '" + keyId + "' OR resource_id = '" + keyId + "')"),
        org);
  }

  static List<String> auditActions(String org) throws Exception {
    return column("SELECT action FROM audit_log WHERE org_id = ?::uuid", org);
  }

  static List<String> addresses(String org, String keyId) throws Exception {
    return column(
        "SELECT coalesce(client_address, '') FROM audit_log WHERE org_id = ?::uuid AND actor_id = '"
            + keyId
            + "'",
        org);
  }

  private static long quarantinedEntries(String org, String keyId) throws Exception {
    return column(
            "SELECT occurrences::text FROM audit_log WHERE org_id = ?::uuid AND actor_id = '"
                + keyId
                + "' AND code = 'quarantined' AND occurrences = 1 AND client_address IS NOT NULL"
                + " AND user_agent IS NOT NULL AND request_id IS NOT NULL",
            org)
        .size();
  }

  static long countEvents(String org, String type) throws Exception {
    return column(
            "SELECT id::text FROM events WHERE org_id = ?::uuid AND type = '" + type + "'", org)
        .size();
  }

  private static List<String> column(String sql, String org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement statement = admin.prepareStatement(sql)) {
      statement.setString(1, org);
      try (ResultSet rows = statement.executeQuery()) {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
          values.add(rows.getString(1));
        }
        return values;
      }
    }
  }

  private static long feedRows(String org) throws Exception {
    return column("SELECT id::text FROM key_change_events WHERE org_id = ?::uuid", org).size();
  }

  private static void admin(String statement) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.executeUpdate(statement);
    }
  }
}
