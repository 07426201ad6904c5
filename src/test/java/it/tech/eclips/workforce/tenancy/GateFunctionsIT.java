package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two narrow cross-org paths: key lookup by digest (the app role), and the platform's org
 * functions (the platform role only; {@link DatabaseRefusalsIT} shows the app role refused).
 */
class GateFunctionsIT {

  @Test
  void keyLookupReturnsExactlyTheKeyWithThatDigestAndNothingElse() throws SQLException {
    Map<String, UUID> orgA;
    byte[] digestOfA;
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "growth");
      SeedData.newOrg(admin, "team");
      digestOfA = digestOf(admin, orgA.get("api_keys"));
    }
    try (Connection app = TestDatabase.asApp()) {
      List<String> found = resolve(app, digestOfA);
      assertEquals(
          List.of(orgA.get("organizations") + " " + orgA.get("api_keys") + " growth"), found);
      assertEquals(List.of(), resolve(app, SeedData.randomDigest()));
    }
  }

  @Test
  void theAppRoleCannotReadTheDigestTableDirectly() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      assertTrue(SqlOutcome.count(app, "SELECT count(*) FROM api_key_digests").refused());
      app.rollback();
    }
  }

  @Test
  void platformFunctionsCreateAnOrgAndChangeItsPlanForThePlatformRole() throws SQLException {
    UUID org = UUID.randomUUID();
    try (Connection platform = TestDatabase.asPlatform();
        PreparedStatement create =
            platform.prepareStatement("SELECT eclips_gate.platform_create_org(?, ?, ?)");
        PreparedStatement change =
            platform.prepareStatement("SELECT eclips_gate.platform_change_plan(?, ?)")) {
      create.setObject(1, org);
      create.setString(2, "Acme");
      create.setString(3, "starter");
      create.execute();
      change.setObject(1, org);
      change.setString(2, "enterprise");
      try (ResultSet changed = change.executeQuery()) {
        assertTrue(changed.next() && changed.getBoolean(1));
      }
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of("enterprise"),
          Catalog.strings(admin, "SELECT plan FROM organizations WHERE id = '" + org + "'"));
    }
  }

  @Test
  void theAppRoleCannotCallTheGateFunctionsOwnersDirectly() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      String app = TestDatabase.settings().app().user();
      assertEquals(
          0,
          Catalog.count(
              admin,
              "SELECT count(*) WHERE pg_has_role('" + app + "', 'eclips_key_lookup', 'MEMBER')"));
      assertEquals(
          0,
          Catalog.count(
              admin,
              "SELECT count(*) WHERE pg_has_role('" + app + "', 'eclips_platform', 'MEMBER')"));
      assertEquals(
          List.of(),
          Catalog.strings(
              admin,
              "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'eclips_gate'::regnamespace "
                  + "AND NOT (p.prosecdef AND array_to_string(p.proconfig, ',') LIKE '%search_path=pg_catalog, pg_temp%')"));
    }
  }

  private static byte[] digestOf(Connection admin, UUID keyId) throws SQLException {
    try (PreparedStatement query =
        admin.prepareStatement("SELECT digest FROM api_keys WHERE id = ?")) {
      query.setObject(1, keyId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getBytes(1);
      }
    }
  }

  private static List<String> resolve(Connection app, byte[] digest) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement lookup =
        app.prepareStatement("SELECT org_id, key_id, plan FROM eclips_gate.resolve_api_key(?)")) {
      lookup.setBytes(1, digest);
      try (ResultSet row = lookup.executeQuery()) {
        while (row.next()) {
          rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3));
        }
      }
    }
    return rows;
  }
}
