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

  @Test
  void aBatchBindsSeveralOrgsOnlyWithEachOnesProofAndAppendsOnlyForThem() throws SQLException {
    String proofOfA = TestDatabase.proofOf(orgA);
    String proofOfB = TestDatabase.proofOf(orgB);
    String rowsOfA = "[{\"org\":\"" + orgA + "\",\"rows\":[" + auditRow() + "]}]";
    long before = countAsAdmin("audit_log", orgA);
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String binding :
          List.of(
              // B's proof for A, a proof short, a made-up proof
              "SELECT eclips_enter_orgs(ARRAY['"
                  + orgA
                  + "', '"
                  + orgB
                  + "']::uuid[], ARRAY['"
                  + proofOfB
                  + "', '"
                  + proofOfB
                  + "'])::int::bigint",
              "SELECT eclips_enter_orgs(ARRAY['"
                  + orgA
                  + "', '"
                  + orgB
                  + "']::uuid[], ARRAY['"
                  + proofOfA
                  + "'])::int::bigint",
              "SELECT eclips_enter_orgs(ARRAY['"
                  + orgA
                  + "']::uuid[], ARRAY['"
                  + "00".repeat(32)
                  + "'])::int::bigint")) {
        SqlOutcome enter = SqlOutcome.count(app, binding);
        assertEquals(SqlOutcome.INSUFFICIENT_PRIVILEGE, enter.sqlState(), () -> binding);
        app.rollback();
      }
      // the settings made by hand: the audit writer's check raises
      SqlOutcome.update(app, "SET LOCAL app.org_ids = '{" + orgA + "}'");
      SqlOutcome.update(app, "SET LOCAL app.org_proofs = '{" + proofOfB + "}'");
      SqlOutcome forged =
          SqlOutcome.count(app, "SELECT eclips_append_audit_orgs('" + rowsOfA + "')::bigint");
      assertEquals(SqlOutcome.INSUFFICIENT_PRIVILEGE, forged.sqlState(), forged::toString);
      app.rollback();
      // bound to B with B's proof: no row of A's gets in
      Catalog.count(
          app,
          "SELECT eclips_enter_orgs(ARRAY['"
              + orgB
              + "']::uuid[], ARRAY['"
              + proofOfB
              + "'])::int::bigint");
      SqlOutcome unbound =
          SqlOutcome.count(app, "SELECT eclips_append_audit_orgs('" + rowsOfA + "')::bigint");
      assertEquals(SqlOutcome.INSUFFICIENT_PRIVILEGE, unbound.sqlState(), unbound::toString);
      app.rollback();
      // the app role itself still cannot insert a row for a bound org
      Catalog.count(
          app,
          "SELECT eclips_enter_orgs(ARRAY['"
              + orgA
              + "']::uuid[], ARRAY['"
              + proofOfA
              + "'])::int::bigint");
      SqlOutcome direct =
          SqlOutcome.update(
              app,
              "INSERT INTO audit_log (org_id, id, seq, actor_type, actor_id, action, outcome, hash)"
                  + " VALUES ('"
                  + orgA
                  + "', gen_random_uuid(), 1000000, 'system', 'x', 'x',"
                  + " 'allowed', '\\x00')");
      assertTrue(direct.refused(), direct::toString);
      app.rollback();
    }
    assertEquals(before, countAsAdmin("audit_log", orgA), "nothing was appended");
  }

  @Test
  void aBatchOfSeveralOrgsLinksEachOrgsChainOnItsOwn() throws SQLException {
    UUID first;
    UUID second;
    try (Connection admin = TestDatabase.asAdmin()) {
      first = SeedData.newOrg(admin, "team").get("organizations");
      second = SeedData.newOrg(admin, "team").get("organizations");
    }
    long beforeFirst = countAsAdmin("audit_log", first);
    long beforeSecond = countAsAdmin("audit_log", second);
    String batch =
        "["
            + batchPart(first, auditRow() + "," + auditRow())
            + ","
            + batchPart(second, auditRow())
            + ","
            + batchPart(first, auditRow())
            + "]";
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      assertEquals(
          4, Catalog.count(app, "SELECT eclips_append_audit_per_org('" + batch + "')::bigint"));
      // bound to the batch's last org afterwards, as before V38
      assertEquals(
          List.of(first.toString()), Catalog.strings(app, "SELECT eclips_current_org()::text"));
      app.commit();
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      for (UUID org : List.of(first, second)) {
        // every row follows its predecessor of the same org: consecutive seqs, prev_hash = its hash
        assertEquals(
            0,
            Catalog.count(
                admin,
                "SELECT count(*) FROM (SELECT seq, prev_hash, lag(seq) OVER w AS p,"
                    + " lag(hash) OVER w AS h FROM audit_log WHERE org_id = '"
                    + org
                    + "' WINDOW w AS (ORDER BY seq)) t"
                    + " WHERE p IS NOT NULL AND (seq <> p + 1 OR prev_hash IS DISTINCT FROM h)"),
            () -> "chain of " + org);
      }
    }
    assertEquals(beforeFirst + 3, countAsAdmin("audit_log", first));
    assertEquals(beforeSecond + 1, countAsAdmin("audit_log", second));
  }

  private static String batchPart(UUID org, String rows) throws SQLException {
    return "{\"org\":\""
        + org
        + "\",\"proof\":\""
        + TestDatabase.proofOf(org)
        + "\",\"rows\":["
        + rows
        + "]}";
  }

  private static String auditRow() {
    return "{\"id\":\""
        + UUID.randomUUID()
        + "\",\"actor_type\":\"system\",\"actor_id\":\"test\","
        + "\"action\":\"request\",\"outcome\":\"allowed\",\"occurrences\":1}";
  }

  private static long countAsAdmin(String table, UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.count(
          admin, "SELECT count(*) FROM " + table + " WHERE org_id = '" + org + "'");
    }
  }
}
