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

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.LeakReporter;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leak reports in GitHub's secret-scanning partner format (issue 25, part 4): a key pair made here
 * stands for GitHub's; its public key is published to the server in GitHub's key-list format (the
 * file the test server is configured with). A signed report quarantines (or, per the org's setting,
 * revokes) the keys it names and answers per token; unsigned or wrongly signed reports change
 * nothing.
 */
@ExtendWith(Deployments.class)
class LeakReportsIT {

  private static LeakReporter reporter;

  @BeforeAll
  static void publishTheReportersKey() throws Exception {
    reporter = LeakReporter.publish();
  }

  @Test
  void aSignedReportQuarantinesTheKeyAndAnswersPerToken() throws Exception {
    String org = Api.newOrg("team");
    JsonObject key = KeyContainmentIT.newKey(org, "live", "runs:read", "runs:write");
    String secret = key.getString("key");
    KeyContainmentIT.me(secret, "198.51.100.40").expect(200);
    await("the use audited with its address")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> KeyContainmentIT.addresses(org, key.getString("id")).contains("198.51.100.40"));
    String stranger = "eck_live_" + "0".repeat(40);
    String body =
        "[{\"token\":\""
            + secret
            + "\",\"type\":\"eclips_live_key\","
            + "\"url\":\"https://github.com/octo/demo/blob/main/.env\",\"source\":\"content\"},"
            + "{\"token\":\""
            + stranger
            + "\",\"type\":\"eclips_live_key\","
            + "\"url\":\"https://gist.github.com/x\",\"source\":\"gist\"}]";

    Reply answer = reporter.report(body, "198.51.100.41");
    assertEquals(200, answer.status(), answer.body());
    JsonArray outcomes = Json.createReader(new StringReader(answer.body())).readArray();
    assertEquals(2, outcomes.size());
    assertEquals(sha256(secret), outcomes.getJsonObject(0).getString("token_hash"));
    assertEquals("eclips_live_key", outcomes.getJsonObject(0).getString("token_type"));
    assertEquals("true_positive", outcomes.getJsonObject(0).getString("label"));
    assertEquals("false_positive", outcomes.getJsonObject(1).getString("label"));

    Reply write =
        post(
            "/v1/agents/runs",
            Api.invoice("LEAK-1"),
            "Authorization",
            "Bearer " + secret,
            "X-Forwarded-For",
            "198.51.100.40");
    assertEquals("insufficient_scope", write.code(), "quarantined at the next request");
    assertEquals(
        "ip_not_allowed",
        KeyContainmentIT.me(secret, "198.51.100.99").code(),
        "pinned to where it was used");
    JsonObject listed =
        get("/console/v1/api-keys/" + key.getString("id"), bearer(orgToken(org, "org_member")))
            .expect(200)
            .json();
    assertNotEquals(null, listed.getString("quarantined_at", null));
    assertEquals("[\"198.51.100.40/32\"]", listed.getJsonArray("pinned_ips").toString());
    assertEquals(1, KeyContainmentIT.countEvents(org, "api_key.leaked"), "the org is told");
    assertTrue(KeyContainmentIT.auditCodes(org, key.getString("id")).contains("quarantined"));
    assertTrue(KeyContainmentIT.auditActions(org).contains("api_key.leaked"));
  }

  @Test
  void anOrgThatChoseRevocationHasTheKeyRevoked() throws Exception {
    String org = Api.newOrg("team");
    send(
            "PUT",
            "/console/v1/key-containment",
            "{\"leak_action\":\"revoke\"}",
            bearer(orgToken(org, "org_admin")))
        .expect(200);
    String secret = KeyContainmentIT.newKey(org, "test", "runs:read").getString("key");
    get("/v1/me", bearer(secret)).expect(200);
    String body = "[{\"token\":\"" + secret + "\",\"type\":\"t\",\"url\":\"u\",\"source\":\"s\"}]";
    reporter.report(body, "198.51.100.42").expect(200);
    assertEquals("invalid_api_key", get("/v1/me", bearer(secret)).code());
  }

  @Test
  void anUnsignedOrWronglySignedReportIsRefusedAndChangesNothing() throws Exception {
    String org = Api.newOrg("team");
    String secret = KeyContainmentIT.newKey(org, "live", "runs:read").getString("key");
    String body = "[{\"token\":\"" + secret + "\",\"type\":\"t\",\"url\":\"u\",\"source\":\"s\"}]";
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair impostor = generator.generateKeyPair();

    String address = "198.51.100." + (50 + (UUID.randomUUID().hashCode() & 63));
    Reply unsigned = LeakReporter.send(body, null, null, address);
    assertEquals(401, unsigned.status());
    assertEquals("invalid_signature", unsigned.code());
    assertEquals(
        "invalid_signature",
        LeakReporter.send(body, reporter.keyId(), LeakReporter.sign(impostor, body), address)
            .code());
    assertEquals(
        "invalid_signature",
        LeakReporter.send(body, "unknown-key", LeakReporter.sign(reporter.pair(), body), address)
            .code(),
        "a key id nobody configured");
    String other = body.replace("\"s\"", "\"t\"");
    assertEquals(
        "invalid_signature",
        LeakReporter.send(
                other, reporter.keyId(), LeakReporter.sign(reporter.pair(), body), address)
            .code(),
        "a body changed after signing");

    assertEquals(200, get("/v1/me", bearer(secret)).status());
    // a leak is audited in the transaction that contains the key: nothing to wait for
    assertTrue(!KeyContainmentIT.auditActions(org).contains("api_key.leaked"));
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
