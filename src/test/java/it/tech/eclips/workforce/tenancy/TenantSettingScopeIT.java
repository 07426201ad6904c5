package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pool leakage, at the level where it would happen: one physical connection (a pool of one) used by
 * a transaction of tenant A and then by the next transaction. The tenant must not survive commit,
 * rollback, or an aborted transaction.
 */
class TenantSettingScopeIT {

  private static UUID orgA;

  @BeforeAll
  static void seed() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "team").get("organizations");
    }
  }

  @Test
  void theTenantEndsWithCommit() throws SQLException {
    try (Connection onlyConnection = TestDatabase.asApp()) {
      onlyConnection.setAutoCommit(false);
      TestDatabase.enterTenant(onlyConnection, orgA);
      assertEquals(1, Catalog.count(onlyConnection, "SELECT count(*) FROM agent_runs"));
      onlyConnection.commit();
      assertNoTenant(onlyConnection);
    }
  }

  @Test
  void theTenantEndsWithRollback() throws SQLException {
    try (Connection onlyConnection = TestDatabase.asApp()) {
      onlyConnection.setAutoCommit(false);
      TestDatabase.enterTenant(onlyConnection, orgA);
      onlyConnection.rollback();
      assertNoTenant(onlyConnection);
    }
  }

  @Test
  void theTenantEndsWithAFailedTransaction() throws SQLException {
    try (Connection onlyConnection = TestDatabase.asApp()) {
      onlyConnection.setAutoCommit(false);
      TestDatabase.enterTenant(onlyConnection, orgA);
      assertThrows(SQLException.class, () -> Catalog.count(onlyConnection, "SELECT 1/0"));
      onlyConnection.rollback();
      assertNoTenant(onlyConnection);
    }
  }

  @Test
  void outsideATransactionSetLocalHasNoEffect() throws SQLException {
    try (Connection onlyConnection = TestDatabase.asApp()) {
      onlyConnection.setAutoCommit(true);
      TestDatabase.enterTenant(onlyConnection, orgA);
      assertNoTenant(onlyConnection);
    }
  }

  private static void assertNoTenant(Connection connection) throws SQLException {
    String setting =
        Catalog.strings(connection, "SELECT coalesce(current_setting('app.org_id', true), '')")
            .get(0);
    assertTrue(setting.isEmpty(), () -> "tenant leaked into the next transaction: " + setting);
    assertEquals(0, Catalog.count(connection, "SELECT count(*) FROM agent_runs"));
  }
}
