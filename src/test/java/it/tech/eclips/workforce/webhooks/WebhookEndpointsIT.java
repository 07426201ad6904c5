package it.tech.eclips.workforce.webhooks;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's webhook endpoints: a secret shown once and stored only sealed, changes, rotation
 * with an overlap, who may write, the per-org cap and the refused destinations.
 */
@ExtendWith(Deployments.class)
class WebhookEndpointsIT {

  private static final String ENDPOINTS = "/console/v1/webhook-endpoints";

  /** The DEV-ONLY key the dev-mode test server seals with (SecretBox), public by design. */
  private static final byte[] DEV_ONLY_KEY =
      "DEV-ONLY webhook key, never prod".getBytes(StandardCharsets.US_ASCII);

  private static String org;
  private static String admin;
  private static String member;

  @BeforeAll
  static void org() {
    org = Api.newOrg("team");
    admin = orgToken(org, "org_admin");
    member = orgToken(org, "org_member");
  }

  private static String newEndpoint(String url) {
    return "{\"url\":\""
        + url
        + "\",\"mode\":\"live\",\"event_types\":[\"agent_run.awaiting_review\",\"triage_item.resolved\"],"
        + "\"description\":\"ticketing\"}";
  }

  @Test
  void createShowsTheSecretOnceAndStoresItOnlySealed() throws Exception {
    Reply created =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/eclips"), bearer(admin)).expect(201);
    JsonObject endpoint = created.json();
    String id = endpoint.getString("id");
    String secret = endpoint.getString("secret");
    assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
    assertEquals("no-store", created.header("Cache-Control"));
    assertEquals(ENDPOINTS + "/" + id, java.net.URI.create(created.header("Location")).getPath());
    assertEquals("webhook_endpoint", endpoint.getString("object"));
    assertEquals("live", endpoint.getString("mode"));
    assertTrue(endpoint.getBoolean("enabled"));
    assertEquals(
        List.of("agent_run.awaiting_review", "triage_item.resolved"),
        endpoint.getJsonArray("event_types").getValuesAs(jakarta.json.JsonString::getString));
    Reply one = get(ENDPOINTS + "/" + id, bearer(member)).expect(200);
    Reply all = get(ENDPOINTS, bearer(member)).expect(200);
    assertFalse(one.json().containsKey("secret"));
    assertFalse(
        one.body().contains(secret.substring(6)) || all.body().contains(secret.substring(6)));
    assertTrue(all.body().contains(id));
    byte[] sealed = sealedSecrets(id).get(0);
    assertFalse(
        new String(sealed, StandardCharsets.ISO_8859_1)
            .contains(new String(plain(secret), StandardCharsets.ISO_8859_1)),
        "the database holds ciphertext only");
    assertArrayEquals(plain(secret), open(sealed, id));
    assertEquals(1, auditCount(id, "webhook_endpoint.created"));
  }

  @Test
  void updateChangesWhatItNamesAndKeepsTheRest() throws Exception {
    String id =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/a"), bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    JsonObject changed =
        send(
                "PATCH",
                ENDPOINTS + "/" + id,
                "{\"url\":\"https://hooks.example.org/b\",\"event_types\":[\"credits.low\"],\"enabled\":false}",
                bearer(admin))
            .expect(200)
            .json();
    assertEquals("https://hooks.example.org/b", changed.getString("url"));
    assertEquals("credits.low", changed.getJsonArray("event_types").getString(0));
    assertFalse(changed.getBoolean("enabled"));
    assertFalse(changed.isNull("disabled_at"));
    assertEquals("ticketing", changed.getString("description"));
    assertFalse(changed.containsKey("secret"));
    JsonObject cleared =
        send(
                "PATCH",
                ENDPOINTS + "/" + id,
                "{\"description\":null,\"enabled\":true}",
                bearer(admin))
            .expect(200)
            .json();
    assertTrue(cleared.isNull("description"));
    assertTrue(cleared.getBoolean("enabled"));
    assertEquals("https://hooks.example.org/b", cleared.getString("url"));
    assertEquals(2, auditCount(id, "webhook_endpoint.updated"));
    for (String bad :
        List.of(
            "{}",
            "{\"mode\":\"test\"}",
            "{\"event_types\":[]}",
            "{\"event_types\":[\"agent_run.exploded\"]}",
            "{\"enabled\":\"yes\"}",
            "{\"url\":\"ftp://hooks.example.com/\"}")) {
      Reply refused = send("PATCH", ENDPOINTS + "/" + id, bad, bearer(admin));
      assertEquals(400, refused.status(), bad + " → " + refused.body());
      assertEquals("invalid_request", refused.code(), bad);
    }
  }

  @Test
  void rotationShowsANewSecretAndKeepsTheOldOneUntilTheOverlapEnds() throws Exception {
    JsonObject created =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/r"), bearer(admin))
            .expect(201)
            .json();
    String id = created.getString("id");
    String first = created.getString("secret");
    Instant before = Instant.now();
    Reply rotated =
        post(ENDPOINTS + "/" + id + "/rotate-secret", "{\"overlap_seconds\":3600}", bearer(admin))
            .expect(200);
    String second = rotated.json().getString("secret");
    assertNotEquals(first, second);
    assertEquals("no-store", rotated.header("Cache-Control"));
    Instant ends = Instant.parse(rotated.json().getString("secret_rotation_ends_at"));
    assertTrue(
        !ends.isBefore(before.plusSeconds(3590)) && !ends.isAfter(Instant.now().plusSeconds(3610)),
        ends.toString());
    List<byte[]> sealed = sealedSecrets(id);
    assertArrayEquals(plain(second), open(sealed.get(0), id), "the current secret is the new one");
    assertArrayEquals(plain(first), open(sealed.get(1), id), "the old one kept for the overlap");
    assertEquals(
        ends.toString(),
        get(ENDPOINTS + "/" + id, bearer(member))
            .expect(200)
            .json()
            .getString("secret_rotation_ends_at"));
    assertFalse(get(ENDPOINTS, bearer(admin)).body().contains(second.substring(6)));

    // no body: the full 24 hours; overlap 0: the previous secret is dropped at once
    JsonObject defaulted =
        post(ENDPOINTS + "/" + id + "/rotate-secret", null, bearer(admin)).expect(200).json();
    Instant dayLater = Instant.parse(defaulted.getString("secret_rotation_ends_at"));
    assertTrue(Duration.between(Instant.now(), dayLater).toHours() >= 23, dayLater.toString());
    JsonObject immediate =
        post(ENDPOINTS + "/" + id + "/rotate-secret", "{\"overlap_seconds\":0}", bearer(admin))
            .expect(200)
            .json();
    assertTrue(immediate.isNull("secret_rotation_ends_at"));
    assertEquals(1, sealedSecrets(id).size());
    for (String bad :
        List.of(
            "{\"overlap_seconds\":86401}",
            "{\"overlap_seconds\":-1}",
            "{\"overlap_seconds\":1.5}",
            "{\"x\":1}")) {
      assertEquals(400, post(ENDPOINTS + "/" + id + "/rotate-secret", bad, bearer(admin)).status());
    }
    assertEquals(
        415,
        post(
                ENDPOINTS + "/" + id + "/rotate-secret",
                "{\"overlap_seconds\":1}",
                bearer(admin)[0],
                bearer(admin)[1],
                "Content-Type",
                "text/plain")
            .status());
    assertEquals(3, auditCount(id, "webhook_endpoint.secret_rotated"));
  }

  @Test
  void deleteRemovesItAndSaysNoSuchEndpointAfterwards() throws Exception {
    String id =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/d"), bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    send("DELETE", ENDPOINTS + "/" + id, null, bearer(admin)).expect(204);
    assertEquals(404, get(ENDPOINTS + "/" + id, bearer(admin)).status());
    assertEquals(404, send("DELETE", ENDPOINTS + "/" + id, null, bearer(admin)).status());
    assertEquals(0, sealedSecrets(id).size());
    assertEquals(1, auditCount(id, "webhook_endpoint.deleted"));
  }

  @Test
  void membersReadButOnlyAdminsWrite() {
    String id =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/m"), bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    get(ENDPOINTS, bearer(member)).expect(200);
    get(ENDPOINTS + "/" + id, bearer(member)).expect(200);
    assertEquals(
        403, post(ENDPOINTS, newEndpoint("https://hooks.example.com/x"), bearer(member)).status());
    assertEquals(
        403, send("PATCH", ENDPOINTS + "/" + id, "{\"enabled\":false}", bearer(member)).status());
    assertEquals(403, post(ENDPOINTS + "/" + id + "/rotate-secret", null, bearer(member)).status());
    assertEquals(403, send("DELETE", ENDPOINTS + "/" + id, null, bearer(member)).status());
    assertEquals(401, get(ENDPOINTS).status());
  }

  @Test
  void anotherOrgsEndpointIsNotFound() {
    String id =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/o"), bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    String other = orgToken(Api.newOrg("team"), "org_admin");
    for (Reply reply :
        List.of(
            get(ENDPOINTS + "/" + id, bearer(other)),
            send("PATCH", ENDPOINTS + "/" + id, "{\"enabled\":false}", bearer(other)),
            post(ENDPOINTS + "/" + id + "/rotate-secret", null, bearer(other)),
            send("DELETE", ENDPOINTS + "/" + id, null, bearer(other)))) {
      assertEquals(404, reply.status(), reply.body());
      assertEquals("not_found", reply.code());
    }
    assertFalse(get(ENDPOINTS, bearer(other)).expect(200).body().contains(id));
    assertTrue(get(ENDPOINTS + "/" + id, bearer(admin)).expect(200).json().getBoolean("enabled"));
  }

  @Test
  void anOrgHasAtMostSixteenEndpoints() {
    String capped = Api.newOrg("team");
    String token = orgToken(capped, "org_admin");
    for (int i = 0; i < 16; i++) {
      post(ENDPOINTS, newEndpoint("https://hooks.example.com/" + i), bearer(token)).expect(201);
    }
    Reply refused = post(ENDPOINTS, newEndpoint("https://hooks.example.com/17"), bearer(token));
    assertEquals(409, refused.status());
    assertEquals("webhook_endpoint_limit_reached", refused.code());
    JsonObject page = get(ENDPOINTS + "?limit=100", bearer(token)).expect(200).json();
    assertEquals(16, page.getJsonArray("data").size());
    String one = page.getJsonArray("data").getJsonObject(0).getString("id");
    send("DELETE", ENDPOINTS + "/" + one, null, bearer(token)).expect(204);
    post(ENDPOINTS, newEndpoint("https://hooks.example.com/again"), bearer(token)).expect(201);
  }

  @Test
  void refusedDestinationsAreRefusedAtCreateAndUpdate() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String url :
        List.of(
            "https://127.0.0.1/hook",
            "https://localhost:8443/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.1/hook",
            "https://192.168.1.1/hook",
            "https://100.64.0.1/hook",
            "https://169.254.169.254/latest/meta-data/",
            "https://169.254.10.10/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://0.0.0.0/",
            "https://[::1]/hook",
            "https://[fe80::1]/hook",
            "https://[fd00:ec2::254]/",
            "https://[fc00::1]/",
            "https://[ff02::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:169.254.169.254]/",
            "https://2130706433/",
            "https://0x7f.0.0.1/")) {
      Reply refused = post(ENDPOINTS, newEndpoint(url), bearer(admin));
      if (refused.status() != 400 || !"webhook_destination_refused".equals(refused.code())) {
        wrong.add(url + " → " + refused.status() + " " + refused.body());
      }
    }
    assertEquals(List.of(), wrong);
    Reply plain = post(ENDPOINTS, newEndpoint("ftp://hooks.example.com/"), bearer(admin));
    assertEquals(400, plain.status());
    assertEquals("invalid_request", plain.code());
    String id =
        post(ENDPOINTS, newEndpoint("https://hooks.example.com/u"), bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    Reply moved =
        send("PATCH", ENDPOINTS + "/" + id, "{\"url\":\"https://10.0.0.1/\"}", bearer(admin));
    assertEquals(400, moved.status());
    assertEquals("webhook_destination_refused", moved.code());
    assertEquals(
        "https://hooks.example.com/u",
        get(ENDPOINTS + "/" + id, bearer(admin)).expect(200).json().getString("url"));
  }

  /** Current secret first, then the previous one while its overlap lasts. */
  private static List<byte[]> sealedSecrets(String endpoint) throws SQLException {
    List<byte[]> sealed = new ArrayList<>();
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT secret_sealed, previous_secret_sealed, previous_secret_until > now()"
                    + " FROM webhook_endpoints WHERE id = ?")) {
      query.setObject(1, UUID.fromString(endpoint));
      try (ResultSet row = query.executeQuery()) {
        if (row.next()) {
          sealed.add(row.getBytes(1));
          if (row.getBytes(2) != null && row.getBoolean(3)) {
            sealed.add(row.getBytes(2));
          }
        }
      }
    }
    return sealed;
  }

  private static long auditCount(String endpoint, String action) throws SQLException {
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT count(*) FROM audit_log WHERE org_id = ? AND resource_id = ? AND action = ?")) {
      query.setObject(1, UUID.fromString(org));
      query.setString(2, endpoint);
      query.setString(3, action);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static byte[] plain(String secret) {
    return Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  /** SecretBox's format, opened here independently: 1 || nonce(12) || ciphertext || tag. */
  private static byte[] open(byte[] sealed, String endpoint) throws Exception {
    assertEquals(1, sealed[0]);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(DEV_ONLY_KEY, "AES"),
        new GCMParameterSpec(128, sealed, 1, 12));
    cipher.updateAAD(
        ("eclips webhook secret " + org + " " + endpoint).getBytes(StandardCharsets.UTF_8));
    return cipher.doFinal(sealed, 13, sealed.length - 13);
  }
}
