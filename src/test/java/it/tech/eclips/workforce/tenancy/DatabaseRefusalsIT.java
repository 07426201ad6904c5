package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the app role must never do, tried over JDBC as the app role itself (issue 9, CONTRACT §1):
 * every attempt is refused by the database, whatever the application would have checked.
 */
class DatabaseRefusalsIT {

  /** Each platform function, called with plausible arguments. */
  private static final List<String> PLATFORM_CALLS =
      List.of(
          "SELECT eclips_gate.platform_create_org(gen_random_uuid(), 'Mallory', 'enterprise')",
          "SELECT eclips_gate.platform_change_plan('%s', 'enterprise')",
          "SELECT count(*) FROM eclips_gate.all_org_ids()",
          "SELECT count(*) FROM eclips_gate.unfinished_runs(now())",
          "SELECT count(*) FROM eclips_gate.recent_key_changes(3600)",
          "SELECT count(*) FROM eclips_gate.recent_key_change_ids(3600)",
          "SELECT count(*) FROM eclips_gate.credit_levels(ARRAY['%s'::uuid])",
          "SELECT eclips_gate.webhook_fan_out(10)",
          "SELECT count(*) FROM eclips_gate.webhook_claim(10, 2, interval '1 minute')",
          "SELECT eclips_gate.webhook_queue_depth()");

  private static UUID orgA;
  private static UUID orgB;

  @BeforeAll
  static void seed() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "team").get("organizations");
      orgB = SeedData.newOrg(admin, "starter").get("organizations");
    }
  }

  @Test
  void platformFunctionsAreRefusedToTheAppRoleWithoutATenant() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String call : PLATFORM_CALLS) {
        SqlOutcome outcome = SqlOutcome.count(app, String.format(call, orgB));
        assertTrue(outcome.refused(), () -> call + ": " + outcome);
      }
      app.rollback();
    }
    assertPlan(orgB, "starter");
  }

  @Test
  void platformFunctionsAreRefusedToTheAppRoleWithATenant() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      for (String call : PLATFORM_CALLS) {
        SqlOutcome outcome = SqlOutcome.count(app, String.format(call, orgA));
        assertTrue(outcome.refused(), () -> call + ": " + outcome);
      }
      app.rollback();
    }
    assertPlan(orgA, "team");
  }

  @Test
  void theAppRoleCannotBecomeThePlatformRole() throws SQLException {
    String platform = TestDatabase.settings().platform().user();
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      SqlOutcome outcome = SqlOutcome.update(app, "SET ROLE " + platform);
      assertTrue(outcome.refused(), outcome::toString);
      app.rollback();
    }
  }

  @Test
  void thePurgeTakesNoCutOff() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      SqlOutcome outcome =
          SqlOutcome.count(
              app, "SELECT eclips_gate.purge_audit_log(now() + interval '1 day')::bigint");
      assertEquals("42883", outcome.sqlState(), "no purge function takes a cut-off");
      app.rollback();
    }
  }

  @Test
  void thePurgeDeletesNothingInsideRetention() throws SQLException {
    UUID org = freshOrg("starter");
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      assertEquals(2, Catalog.count(app, "SELECT eclips_append_audit('" + batch(org, 2) + "')"));
      assertEquals(0, Catalog.count(app, "SELECT eclips_gate.purge_audit_log()"));
      assertEquals(2, Catalog.count(app, "SELECT count(*) FROM audit_log"));
      app.commit();
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      // a starter org keeps 7 days: an entry 6 days old stays, one 8 days old goes
      Catalog.count(
          admin,
          "WITH aged AS (UPDATE audit_log SET occurred_at = now() - CASE seq WHEN 1 THEN"
              + " interval '8 days' ELSE interval '6 days' END WHERE org_id = '"
              + org
              + "' RETURNING 1) SELECT count(*) FROM aged");
    }
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      assertEquals(1, Catalog.count(app, "SELECT eclips_gate.purge_audit_log()"));
      assertEquals(
          List.of("2"), Catalog.strings(app, "SELECT seq::text FROM audit_log ORDER BY seq"));
      assertEquals(1, Catalog.count(app, "SELECT count(*) FROM audit_anchors"));
      app.commit();
    }
  }

  @Test
  void thePurgeNeedsATenant() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      SqlOutcome outcome = SqlOutcome.count(app, "SELECT eclips_gate.purge_audit_log()");
      assertTrue(outcome.refused(), outcome::toString);
      app.rollback();
    }
  }

  @Test
  void theAppRoleCannotChangeRetention() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      SqlOutcome outcome = SqlOutcome.update(app, "UPDATE plan_audit_retention SET days = 0");
      assertTrue(outcome.refused(), outcome::toString);
      assertEquals(
          90,
          Catalog.count(
              app,
              "SELECT round(extract(epoch FROM now() - eclips_audit_retained_since()) / 86400)"));
      app.rollback();
    }
  }

  @Test
  void theAppRoleCannotInsertAuditRowsDirectly() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      SqlOutcome outcome =
          SqlOutcome.update(
              app,
              "INSERT INTO audit_log (org_id, id, seq, actor_type, actor_id, action, outcome, hash)"
                  + " VALUES ('"
                  + orgA
                  + "', gen_random_uuid(), 999, 'user', 'x', 'forged', 'allowed', '\\x00')");
      assertTrue(outcome.refused(), outcome::toString);
      app.rollback();
    }
  }

  @Test
  void theChainFunctionRefusesAnotherOrgsRows() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      SqlOutcome outcome =
          SqlOutcome.count(app, "SELECT eclips_append_audit('" + batch(orgB, 1) + "')");
      assertTrue(outcome.refused(), outcome::toString);
      app.rollback();
    }
  }

  /**
   * V37 dropped the audit log's foreign key (checked on every row); the chain function checks the
   * org instead, when its chain starts.
   */
  @Test
  void theChainFunctionRefusesAnOrgThatDoesNotExist() throws SQLException {
    UUID nobody = UUID.randomUUID();
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, nobody);
      SqlOutcome outcome =
          SqlOutcome.count(app, "SELECT eclips_append_audit('" + batch(nobody, 1) + "')");
      assertEquals("23503", outcome.sqlState(), outcome::toString);
      app.rollback();
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          0,
          Catalog.count(admin, "SELECT count(*) FROM audit_log WHERE org_id = '" + nobody + "'"));
    }
  }

  @Test
  void theChainFunctionRefusesWithoutATenant() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      SqlOutcome outcome =
          SqlOutcome.count(app, "SELECT eclips_append_audit('" + batch(orgA, 1) + "')");
      assertTrue(outcome.refused(), outcome::toString);
      app.rollback();
    }
  }

  /**
   * V39: the group commit is a definer of the audit writer too, and both call the chain step, which
   * runs as the audit writer and which no other role may call.
   */
  @Test
  void theChainFunctionsRunAsTheirOwnNoLoginRole() throws SQLException {
    String app = TestDatabase.settings().app().user();
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of(
              "eclips_append_audit eclips_audit_writer true true false true",
              "eclips_append_audit_per_org eclips_audit_writer true true false true",
              "eclips_audit_link eclips_audit_writer false true false false"),
          Catalog.strings(
              admin,
              "SELECT p.proname || ' ' || p.proowner::regrole || ' ' || p.prosecdef || ' '"
                  + " || (array_to_string(p.proconfig, ',') LIKE '%search_path=pg_catalog, pg_temp%')"
                  + " || ' ' || r.rolcanlogin || ' ' || has_function_privilege('"
                  + app
                  + "', p.oid, 'EXECUTE')"
                  + " FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner"
                  + " WHERE p.proname IN ('eclips_append_audit', 'eclips_append_audit_per_org',"
                  + " 'eclips_audit_link') ORDER BY p.proname"));
    }
  }

  @Test
  void theAppRoleCannotCallTheChainStep() throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, orgA);
      SqlOutcome outcome =
          SqlOutcome.count(
              app, "SELECT eclips_audit_link('" + orgA + "', '" + rows(1) + "')::bigint");
      assertEquals("42501", outcome.sqlState(), outcome::toString);
      app.rollback();
    }
  }

  @Test
  void theGroupCommitRefusesAnOrgThatDoesNotExist() throws SQLException {
    UUID nobody = UUID.randomUUID();
    String batch =
        "[{\"org\":\""
            + nobody
            + "\",\"proof\":\""
            + TestDatabase.proofOf(nobody)
            + "\",\"rows\":"
            + rows(1)
            + "}]";
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      SqlOutcome outcome =
          SqlOutcome.count(app, "SELECT eclips_append_audit_per_org('" + batch + "')::bigint");
      assertEquals("23503", outcome.sqlState(), outcome::toString);
      app.rollback();
    }
  }

  @Test
  void thePlatformRoleMayCallThePlatformFunctionsAndNothingElse() throws SQLException {
    String platform = TestDatabase.settings().platform().user();
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of("false false"),
          Catalog.strings(
              admin,
              "SELECT rolsuper || ' ' || rolbypassrls FROM pg_roles WHERE rolname = '"
                  + platform
                  + "'"));
      assertEquals(
          0,
          Catalog.count(
              admin,
              "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = '"
                  + platform
                  + "'"));
      assertEquals(
          0,
          Catalog.count(
              admin,
              "SELECT count(*) FROM pg_auth_members WHERE member = '" + platform + "'::regrole"));
    }
    try (Connection connection = TestDatabase.asPlatform()) {
      connection.setAutoCommit(false);
      assertTrue(Catalog.count(connection, "SELECT count(*) FROM eclips_gate.all_org_ids()") >= 2);
      assertTrue(
          SqlOutcome.count(connection, "SELECT count(*) FROM organizations").refused(),
          "the platform role reads no table");
      assertTrue(
          SqlOutcome.count(connection, "SELECT eclips_gate.purge_audit_log()").refused(),
          "the platform role cannot purge");
      connection.rollback();
    }
  }

  /**
   * The credits field's feed (V36): the platform role reads the current period's figures of the
   * orgs it names, of at most 1,000 of them a call, and nothing of an org that does not exist.
   */
  @Test
  void theCreditLevelsGateReadsTheNamedOrgsFiguresAtMostAThousand() throws SQLException {
    try (Connection connection = TestDatabase.asPlatform()) {
      connection.setAutoCommit(false);
      String named = "ARRAY['" + orgA + "', '" + orgB + "', '" + UUID.randomUUID() + "']::uuid[]";
      assertEquals(
          List.of(orgA.toString(), orgB.toString()).stream().sorted().toList(),
          Catalog.strings(
              connection,
              "SELECT org_id::text FROM eclips_gate.credit_levels(" + named + ") ORDER BY 1"));
      String pastTheLimit =
          "array_append(ARRAY(SELECT gen_random_uuid() FROM generate_series(1, 1000)), '"
              + orgA
              + "'::uuid)";
      assertEquals(
          0,
          Catalog.count(
              connection, "SELECT count(*) FROM eclips_gate.credit_levels(" + pastTheLimit + ")"));
      connection.rollback();
    }
  }

  private static UUID freshOrg(String plan) throws SQLException {
    UUID org = UUID.randomUUID();
    try (Connection platform = TestDatabase.asPlatform()) {
      Catalog.count(
          platform,
          "SELECT count(*) FROM eclips_gate.platform_create_org('"
              + org
              + "', 'refusals', '"
              + plan
              + "')");
    }
    return org;
  }

  private static String batch(UUID org, int rows) {
    return "[{\"org\":\"" + org + "\",\"rows\":" + rows(rows) + "}]";
  }

  private static String rows(int rows) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < rows; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"at\":\"")
          .append(Instant.now())
          .append("\",\"actor_type\":\"user\",\"actor_id\":\"t\",")
          .append("\"action\":\"test\",\"outcome\":\"allowed\",\"occurrences\":1}");
    }
    return json.append("]").toString();
  }

  private static void assertPlan(UUID org, String plan) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of(plan),
          Catalog.strings(admin, "SELECT plan FROM organizations WHERE id = '" + org + "'"));
    }
  }
}
