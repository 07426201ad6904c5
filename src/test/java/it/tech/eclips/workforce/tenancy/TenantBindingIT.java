package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app role's password alone opens no org (issue 20, item 2; V22): every way of binding a
 * transaction to an org without the org's proof, tried over JDBC as the app role, is refused or
 * sees nothing; with the proof, exactly that org's rows. The proof comes only from the platform
 * role.
 */
class TenantBindingIT {

  private static UUID orgA;
  private static UUID orgB;
  private static List<String> tenantTables;

  @BeforeAll
  static void seed() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "team").get("organizations");
      orgB = SeedData.newOrg(admin, "team").get("organizations");
      tenantTables = Catalog.orgScopedTables(admin);
    }
    assertTrue(tenantTables.size() >= 10, () -> "tenant tables: " + tenantTables);
  }

  @Test
  void aBindingMadeByHandReadsAndWritesNothing() throws SQLException {
    List<String> byHand =
        List.of(
            "SET LOCAL app.org_id = '" + orgA + "'",
            "SELECT count(*) FROM (SELECT set_config('app.org_id', '" + orgA + "', true)) s",
            "SET app.org_id = '" + orgA + "'");
    for (String binding : byHand) {
      try (Connection app = TestDatabase.asApp()) {
        app.setAutoCommit(false);
        SqlOutcome bound =
            binding.startsWith("SELECT")
                ? SqlOutcome.count(app, binding)
                : SqlOutcome.update(app, binding);
        assertEquals(null, bound.sqlState(), () -> binding + ": the setting itself is anyone's");
        for (String table : tenantTables) {
          SqlOutcome read = SqlOutcome.count(app, "SELECT count(*) FROM " + table);
          assertTrue(read.nothingOrRefused(), () -> binding + " then " + table + ": " + read);
          SqlOutcome delete = SqlOutcome.update(app, "DELETE FROM " + table);
          assertTrue(
              delete.nothingOrRefused(), () -> binding + " then delete " + table + ": " + delete);
        }
        app.rollback();
      }
    }
    assertEquals(1, countAsAdmin("agent_runs", orgA), "the org's rows are all still there");
  }

  @Test
  void anotherOrgsProofOrAMadeUpOneIsRefused() throws SQLException {
    String proofOfB = TestDatabase.proofOf(orgB);
    for (String proof : List.of(proofOfB, "00".repeat(32), "", proofOfB.toUpperCase())) {
      try (Connection app = TestDatabase.asApp()) {
        app.setAutoCommit(false);
        SqlOutcome enter =
            SqlOutcome.count(
                app, "SELECT count(*) FROM eclips_enter_org('" + orgA + "', '" + proof + "')");
        assertEquals(SqlOutcome.INSUFFICIENT_PRIVILEGE, enter.sqlState(), () -> proof);
        // the same proof set by hand next to the org: every policy raises
        SqlOutcome.update(app, "SET LOCAL app.org_id = '" + orgA + "'");
        SqlOutcome.update(app, "SET LOCAL app.org_proof = '" + proof + "'");
        SqlOutcome read = SqlOutcome.count(app, "SELECT count(*) FROM agent_runs");
        assertEquals(SqlOutcome.INSUFFICIENT_PRIVILEGE, read.sqlState(), () -> proof);
        app.rollback();
      }
    }
  }

  @Test
  void onlyThePlatformRoleObtainsAProofAndNobodyReadsTheKey() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String attempt :
          List.of(
              "SELECT length(eclips_gate.tenant_binding_proof('" + orgA + "'))::bigint",
              "SELECT length(eclips_gate.tenant_binding_mac('" + orgA + "'))::bigint",
              "SELECT count(*) FROM eclips_gate.tenant_binding_key")) {
        SqlOutcome outcome = SqlOutcome.count(app, attempt);
        assertTrue(outcome.refused(), () -> attempt + ": " + outcome);
      }
      app.rollback();
    }
    try (Connection platform = TestDatabase.asPlatform()) {
      platform.setAutoCommit(false);
      SqlOutcome key =
          SqlOutcome.count(platform, "SELECT count(*) FROM eclips_gate.tenant_binding_key");
      assertTrue(key.refused(), key::toString);
    }
    assertNotEquals(TestDatabase.proofOf(orgA), TestDatabase.proofOf(orgB));
    assertEquals(64, TestDatabase.proofOf(orgA).length());
  }

  @Test
  void withItsProofATransactionSeesItsOrgAndNoOther() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      assertEquals(
          List.of(orgA.toString()),
          Catalog.strings(
              app,
              "SELECT DISTINCT org_id::text FROM agent_runs WHERE org_id IN ('"
                  + orgA
                  + "', '"
                  + orgB
                  + "')"));
      app.commit();
      // transaction-local: the next transaction on the same connection is bound to nothing
      assertEquals(0, Catalog.count(app, "SELECT count(*) FROM agent_runs"));
      app.rollback();
    }
  }

  @Test
  void theBatchFunctionsEnterEachOrgOnlyWithItsProof() throws SQLException {
    String noProof = "[{\"org\":\"" + orgA + "\",\"rows\":[]}]";
    String wrongProof =
        "[{\"org\":\"" + orgA + "\",\"proof\":\"" + TestDatabase.proofOf(orgB) + "\",\"rows\":[]}]";
    String rightProof =
        "[{\"org\":\"" + orgA + "\",\"proof\":\"" + TestDatabase.proofOf(orgA) + "\",\"rows\":[]}]";
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String batch : List.of(noProof, wrongProof)) {
        SqlOutcome audit =
            SqlOutcome.count(app, "SELECT eclips_append_audit_per_org('" + batch + "')::bigint");
        assertTrue(audit.refused(), () -> batch + ": " + audit);
        SqlOutcome accepts =
            SqlOutcome.count(app, "SELECT count(*) FROM eclips_accept_runs('" + batch + "')");
        assertTrue(accepts.refused(), () -> batch + ": " + accepts);
      }
      assertEquals(
          0,
          Catalog.count(app, "SELECT eclips_append_audit_per_org('" + rightProof + "')::bigint"));
      assertEquals(
          List.of(orgA.toString()),
          Catalog.strings(app, "SELECT DISTINCT org_id::text FROM agent_runs"),
          "the group commit left the transaction bound to the org it entered with its proof");
      app.rollback();
    }
  }

  private static long countAsAdmin(String table, UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.count(
          admin, "SELECT count(*) FROM " + table + " WHERE org_id = '" + org + "'");
    }
  }
}
