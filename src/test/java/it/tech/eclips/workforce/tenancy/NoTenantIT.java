package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The app role with no tenant set sees nothing and writes nothing, in every org-scoped table. */
class NoTenantIT {

  private static List<String> tables;
  private static UUID someOrg;

  @BeforeAll
  static void seedTwoOrgs() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      someOrg = SeedData.newOrg(admin, "team").get("organizations");
      SeedData.newOrg(admin, "enterprise");
      tables = new ArrayList<>(Catalog.orgScopedTables(admin));
      tables.add("organizations");
    }
  }

  @Test
  void seesNoRowInAnyTable() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String table : tables) {
        SqlOutcome seen = SqlOutcome.count(app, "SELECT count(*) FROM " + table);
        assertTrue(seen.nothingOrRefused(), () -> table + ": " + seen);
      }
      app.rollback();
    }
  }

  @Test
  void cannotInsertIntoAnyTable() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String table : Catalog.orgScopedTables(app)) {
        SqlOutcome insert =
            SqlOutcome.update(app, "INSERT INTO " + table + " (org_id) VALUES ('" + someOrg + "')");
        assertTrue(insert.refused(), () -> table + ": " + insert);
      }
      app.rollback();
    }
  }

  @Test
  void cannotUpdateOrDeleteAnyRow() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String table : Catalog.orgScopedTables(app)) {
        SqlOutcome update = SqlOutcome.update(app, "UPDATE " + table + " SET org_id = org_id");
        SqlOutcome delete = SqlOutcome.update(app, "DELETE FROM " + table);
        assertTrue(update.nothingOrRefused(), () -> table + " update: " + update);
        assertTrue(delete.nothingOrRefused(), () -> table + " delete: " + delete);
      }
      app.rollback();
    }
  }

  @Test
  void anEmptyTenantSettingIsNoTenant() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      Catalog.count(app, "SELECT count(*) FROM (SELECT set_config('app.org_id', '', true)) s");
      assertEquals(0, Catalog.count(app, "SELECT count(*) FROM agent_runs"));
      app.rollback();
    }
  }
}
