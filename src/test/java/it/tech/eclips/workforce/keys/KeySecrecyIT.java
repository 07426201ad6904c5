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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key's plaintext lives in exactly one response. Not in the database, not in any server log; JWTs
 * neither.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class KeySecrecyIT {

  private static final Pattern ANY_KEY = Pattern.compile("eck_(live|test)_[0-9A-Za-z]{38,}");
  private static final Pattern ANY_JWT =
      Pattern.compile("eyJ[0-9A-Za-z_-]{10,}\\.eyJ[0-9A-Za-z_-]{10,}\\.");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

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
    String acceptedToken = admin.substring(admin.lastIndexOf('.') + 1);
    try (Stream<Path> logs = Files.walk(Path.of(System.getProperty("eclips.server.dir"), "logs"))) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertFalse(ANY_KEY.matcher(text).find(), () -> "an API key in " + log);
        assertFalse(text.contains(acceptedToken), () -> "an accepted JWT in " + log);
        if (!isLibertyIncidentRecord(log)) {
          assertFalse(ANY_JWT.matcher(text).find(), () -> "a JWT in " + log);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Liberty's JWT check records a token it rejects in its FFDC incident files and (as a hidden
   * message) in trace.log; README "Known gaps". Every other log must hold no JWT at all.
   */
  private static boolean isLibertyIncidentRecord(Path log) {
    return log.getParent().getFileName().toString().equals("ffdc")
        || log.getFileName().toString().startsWith("trace");
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
