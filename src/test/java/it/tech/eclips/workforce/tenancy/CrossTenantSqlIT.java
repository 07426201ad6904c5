package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RLS alone, with no EclipseLink in front: tenant A's transaction, running raw SQL as the app role,
 * can neither read, change, delete, add to nor re-parent into tenant B's rows.
 */
class CrossTenantSqlIT {

  private static UUID orgA;
  private static UUID orgB;
  private static List<String> tables;
  private Connection app;

  @BeforeAll
  static void seed() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "team").get("organizations");
      orgB = SeedData.newOrg(admin, "team").get("organizations");
      tables = Catalog.orgScopedTables(admin);
    }
  }

  @BeforeEach
  void enterTenantA() throws SQLException {
    app = TestDatabase.asApp();
    app.setAutoCommit(false);
    TestDatabase.enterTenant(app, orgA);
  }

  @AfterEach
  void rollBackAndProveBUntouched() throws SQLException {
    app.rollback();
    app.close();
    try (Connection admin = TestDatabase.asAdmin()) {
      for (String table : tables) {
        assertEquals(
            1,
            Catalog.count(
                admin, "SELECT count(*) FROM " + table + " WHERE org_id = '" + orgB + "'"),
            table);
      }
    }
  }

  @Test
  void readsOnlyItsOwnRows() throws SQLException {
    for (String table : tables) {
      SqlOutcome foreign =
          SqlOutcome.count(app, "SELECT count(*) FROM " + table + " WHERE org_id = '" + orgB + "'");
      SqlOutcome all =
          SqlOutcome.count(
              app, "SELECT count(*) FROM " + table + " WHERE org_id <> '" + orgA + "'");
      assertTrue(foreign.nothingOrRefused(), () -> table + ": " + foreign);
      assertTrue(all.nothingOrRefused(), () -> table + ": " + all);
    }
    assertEquals(
        List.of(orgA.toString()), Catalog.strings(app, "SELECT id::text FROM organizations"));
  }

  @Test
  void cannotUpdateOrDeleteForeignRows() throws SQLException {
    for (String table : tables) {
      SqlOutcome update =
          SqlOutcome.update(
              app, "UPDATE " + table + " SET org_id = org_id WHERE org_id = '" + orgB + "'");
      SqlOutcome delete =
          SqlOutcome.update(app, "DELETE FROM " + table + " WHERE org_id = '" + orgB + "'");
      assertTrue(update.nothingOrRefused(), () -> table + " update: " + update);
      assertTrue(delete.nothingOrRefused(), () -> table + " delete: " + delete);
    }
  }

  @Test
  void cannotReparentItsOwnRowsIntoAnotherOrg() throws SQLException {
    for (String table : tables) {
      SqlOutcome reparent =
          SqlOutcome.update(
              app,
              "UPDATE " + table + " SET org_id = '" + orgB + "' WHERE org_id = '" + orgA + "'");
      assertTrue(reparent.refused(), () -> table + ": " + reparent);
    }
  }

  @Test
  void cannotInsertRowsForAnotherOrg() throws SQLException {
    for (String table : tables) {
      SqlOutcome insert =
          SqlOutcome.update(app, "INSERT INTO " + table + " (org_id) VALUES ('" + orgB + "')");
      assertTrue(insert.refused(), () -> table + ": " + insert);
    }
  }

  @Test
  void cannotChangeItsOwnOrganizationOrPlan() throws SQLException {
    assertTrue(SqlOutcome.update(app, "UPDATE organizations SET plan = 'enterprise'").refused());
    assertTrue(
        SqlOutcome.update(
                app,
                "INSERT INTO organizations (id, name, plan) VALUES (gen_random_uuid(), 'x', 'team')")
            .refused());
  }
}
