package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.tools.DevTokens;

/**
 * A key's plaintext lives in exactly one response. Not in the database, not in any server log, FFDC
 * incidents and trace.log included; JWTs (accepted or rejected), Idempotency-Keys and request
 * bodies neither.
 */
@ExtendWith(Deployments.class)
class KeySecrecyIT {

  private static final Pattern ANY_KEY = Pattern.compile("eck_(live|test)_[0-9A-Za-z]{38,}");
  private static final Pattern ANY_JWT =
      Pattern.compile("eyJ[0-9A-Za-z_-]{10,}\\.eyJ[0-9A-Za-z_-]{10,}\\.");

  @Test
  void noPlaintextKeyOrTokenIsStoredOrLogged() throws Exception {
    String org = Api.newOrg("team");
    String admin = Api.orgToken(org, "org_admin");
    List<String> secrets = new ArrayList<>();
    JsonObject key =
        Api.newKey(org, "{\"name\":\"secret\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}");
    secrets.add(key.getString("key"));
    get("/v1/me", bearer(key.getString("key"))).expect(200);
    get("/v1/agents/runs", bearer(key.getString("key"))).expect(200);
    String rotated =
        Api.post("/console/v1/api-keys/" + key.getString("id") + "/rotate", null, bearer(admin))
            .expect(201)
            .json()
            .getString("key");
    secrets.add(rotated);
    get("/v1/me", bearer(key.getString("key"))).expect(401);
    get("/v1/me", "X-Api-Key", rotated.substring(0, rotated.length() - 1) + "0");
    get("/v1/me", "X-Api-Key", key.getString("key"), "Authorization", "Bearer " + rotated);
    String rejected = Api.orgToken(org, "org_admin");
    get("/console/v1/api-keys", bearer(rejected.substring(0, rejected.length() - 4) + "AAAA"))
        .expect(401);

    try (Connection db = TestDatabase.asAdmin()) {
      for (String secret : secrets) {
        assertEquals(List.of(), columnsContaining(db, secret), "plaintext key stored");
      }
      assertEquals(List.of(), columnsContaining(db, admin.substring(0, 40)), "JWT stored");
    }
    assertNoLogHolds(List.of(admin.substring(admin.lastIndexOf('.') + 1)));
  }

  /**
   * What an attacker sends and a server must never write down: rejected tokens of every kind (bad
   * signature, expired, wrong audience or issuer, unsigned, garbage, an API key where a JWT
   * belongs), bad keys, Idempotency-Keys and hostile bodies, each carrying a marker. No log file,
   * FFDC incidents and trace.log included, may then hold a key, a JWT, or the marker.
   */
  @Test
  void rejectedTokensBadKeysIdempotencyKeysAndBodiesReachNoLog() throws Exception {
    String marker = "LeakMarker" + Long.toString(System.nanoTime(), 36);
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "test", "runs:read", "runs:write");
    for (String token : rejectedTokens(org, marker, key)) {
      get("/console/v1/api-keys", bearer(token)).expect(401);
      Api.post(
              "/platform/v1/orgs", "{\"name\":\"" + marker + "\",\"plan\":\"team\"}", bearer(token))
          .expect(401);
      if (!token.equals(key)) {
        get("/v1/me", bearer(token)).expect(401);
        get("/v1/me", "X-Api-Key", token).expect(401);
      }
    }
    get("/v1/me", bearer(key.substring(0, key.length() - 1) + "0")).expect(401);
    get("/v1/me", "X-Api-Key", key, "Authorization", "Bearer " + key + "x").expect(401);
    sendIdempotencyKeys(key, marker);
    sendHostileBodies(org, key, marker);
    failAtCommit(marker);
    Thread.sleep(1_000); // FFDC incidents are written by the failing thread; give them a moment
    assertNoLogHolds(List.of(marker, key, key.substring(9, 40)));
  }

  private static List<String> rejectedTokens(String org, String marker, String apiKey)
      throws Exception {
    Instant hour = Instant.now().plusSeconds(3600);
    List<String> groups = List.of("org_admin");
    String valid = DevTokens.mint(marker, groups, org, hour);
    String otherKeysSignature = signWithAnotherKey(valid.substring(0, valid.lastIndexOf('.')));
    return List.of(
        valid.substring(0, valid.length() - 4) + "AAAA",
        otherKeysSignature,
        DevTokens.mint(marker, groups, org, Instant.now().minusSeconds(600)),
        DevTokens.mint(DevTokens.ISSUER, "someone-else", marker, groups, org, hour),
        DevTokens.mint("https://evil.example", DevTokens.AUDIENCE, marker, groups, org, hour),
        base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")
            + "."
            + valid.substring(valid.indexOf('.') + 1, valid.lastIndexOf('.'))
            + ".",
        marker + "." + marker + "." + marker,
        "eyJ" + marker,
        apiKey);
  }

  private static void sendIdempotencyKeys(String key, String marker) {
    String run =
        "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"invoice " + marker + "\"}}";
    String idempotencyKey = "idem-" + marker;
    Api.post(
            "/v1/agents/runs",
            run,
            "Idempotency-Key",
            idempotencyKey,
            bearer(key)[0],
            bearer(key)[1])
        .expect(202);
    Api.post(
            "/v1/agents/runs",
            run,
            "Idempotency-Key",
            idempotencyKey,
            bearer(key)[0],
            bearer(key)[1])
        .expect(202);
    Api.post(
            "/v1/agents/runs",
            run.replace("invoice", "receipt"),
            "Idempotency-Key",
            idempotencyKey,
            bearer(key)[0],
            bearer(key)[1])
        .expect(409);
    Api.post(
        "/v1/agents/runs",
        run,
        "Idempotency-Key",
        idempotencyKey + " with spaces " + "x".repeat(300),
        bearer(key)[0],
        bearer(key)[1]);
    String grant = "{\"amount\":5,\"reason\":\"" + marker + "\"}";
    String platform = Api.platformToken();
    String org = Api.newOrg("team");
    for (int i = 0; i < 2; i++) {
      Api.post(
          "/platform/v1/orgs/" + org + "/credit-grants",
          grant,
          "Idempotency-Key",
          "grant-" + marker,
          bearer(platform)[0],
          bearer(platform)[1]);
    }
    Api.post(
        "/platform/v1/orgs/" + org + "/credit-grants",
        grant.replace("5", "6"),
        "Idempotency-Key",
        "grant-" + marker,
        bearer(platform)[0],
        bearer(platform)[1]);
  }

  /**
   * A run whose transaction fails at commit (a trigger refuses its audit entry): Liberty's EJB
   * container then writes an FFDC incident with the boundary method's arguments.
   */
  private static void failAtCommit(String marker) throws SQLException {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write");
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(
          "CREATE OR REPLACE FUNCTION secrecy_fault() RETURNS trigger LANGUAGE plpgsql AS "
              + "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$");
      sql.execute(
          "CREATE TRIGGER secrecy_fault BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.org_id = '"
              + org
              + "') EXECUTE FUNCTION secrecy_fault()");
      try {
        Api.post(
                "/v1/agents/runs",
                Api.invoice(marker),
                "Idempotency-Key",
                "idem-commit-" + marker,
                bearer(key)[0],
                bearer(key)[1])
            .expect(500);
      } finally {
        sql.execute("DROP TRIGGER IF EXISTS secrecy_fault ON audit_log");
      }
    }
  }

  private static void sendHostileBodies(String org, String key, String marker) throws Exception {
    String admin = Api.orgToken(org, "org_admin");
    String platform = Api.platformToken();
    List<String> bodies =
        List.of(
            "{\"agent_type\":\"" + marker,
            "{\"" + marker + "\":1}",
            "{\"agent_type\":\"" + marker + "\",\"input\":{}}",
            "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"\\u0000"
                + marker
                + "\"}}",
            "{\"agent_type\":\"invoice_processor\",\"input\":"
                + "[".repeat(40)
                + "\""
                + marker
                + "\""
                + "]".repeat(40)
                + "}",
            "{\"agent_type\":\"invoice_processor\",\"input\":{\"total\":1e999999999,\"m\":\""
                + marker
                + "\"}}",
            "{\"agent_type\":\"invoice_processor\",\"input\":{\"simulate\":\"agent_failure\",\"m\":\""
                + marker
                + "\"}}",
            "{\"name\":\""
                + marker
                + "\",\"mode\":\""
                + marker
                + "\",\"scopes\":[\""
                + marker
                + "\"]}",
            "{\"name\":\"" + marker + "\",\"plan\":\"" + marker + "\"}",
            "{\"limit\":\"" + marker + "\"}",
            marker);
    for (String body : bodies) {
      Api.post("/v1/agents/runs", body, bearer(key));
      Api.post("/console/v1/api-keys", body, bearer(admin));
      Api.post("/platform/v1/orgs", body, bearer(platform));
      Api.send("PUT", "/console/v1/credits/budget", body, bearer(admin));
      Api.post(
          "/v1/agents/runs", body, "Content-Type", "text/plain", bearer(key)[0], bearer(key)[1]);
    }
    byte[] invalidUtf8 =
        ("{\"agent_type\":\"invoice_processor\",\"input\":{\"m\":\"" + marker + "\u00ff\u00fe\"}}")
            .getBytes(StandardCharsets.ISO_8859_1);
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/v1/agents/runs", "/console/v1/api-keys")) {
      http.send(
          HttpRequest.newBuilder(Api.uri(path))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + (path.startsWith("/v1") ? key : admin))
              .POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  /**
   * Every file under the server's logs directory, FFDC incidents and trace.log without exception:
   * no API key, no JWT, none of the given texts.
   */
  private static void assertNoLogHolds(List<String> texts) {
    try (Stream<Path> logs = Files.walk(Path.of(System.getProperty("eclips.server.dir"), "logs"))) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertFalse(ANY_KEY.matcher(text).find(), () -> "an API key in " + log);
        assertFalse(ANY_JWT.matcher(text).find(), () -> "a JWT in " + log);
        for (String secret : texts) {
          assertFalse(text.contains(secret), () -> "a secret or request text in " + log);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String signWithAnotherKey(String signingInput) throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(rsa.generateKeyPair().getPrivate());
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Every text-like column of every table, searched for the secret (bytea as UTF-8 bytes too). */
  private static List<String> columnsContaining(Connection db, String secret) throws SQLException {
    List<String> hits = new ArrayList<>();
    List<String> columns =
        Catalog.strings(
            db,
            "SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type FROM information_schema.columns "
                + "WHERE table_schema IN ('public', 'eclips_gate') AND data_type IN ('text', 'character varying', 'jsonb', 'bytea')");
    for (String column : columns) {
      String[] parts = column.split("[.:]");
      String expression =
          parts[3].equals("bytea")
              ? "position(convert_to(?, 'UTF8') in " + parts[2] + ") > 0"
              : parts[2] + "::text LIKE '%' || ? || '%'";
      try (PreparedStatement query =
          db.prepareStatement(
              "SELECT count(*) FROM " + parts[0] + "." + parts[1] + " WHERE " + expression)) {
        query.setString(1, secret);
        try (ResultSet count = query.executeQuery()) {
          count.next();
          if (count.getLong(1) > 0) {
            hits.add(column);
          }
        }
      }
    }
    return hits;
  }
}
