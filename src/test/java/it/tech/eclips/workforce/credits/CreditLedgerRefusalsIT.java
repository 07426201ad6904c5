package it.tech.eclips.workforce.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tools.DatabaseSettings;

/**
 * Whoever holds the app role's password cannot mint credits (issue 20, V21): every trick below is
 * tried over JDBC as the app role, bound to its own org as the application binds it, and each is
 * refused by the database; the org's balance stays the sum of its ledger throughout.
 */
class CreditLedgerRefusalsIT {

  private static final String PERIOD = "date_trunc('month', now() AT TIME ZONE 'UTC')::date";

  private UUID org;
  private UUID other;
  private long monthly;

  @BeforeEach
  void twoOrgsWithAnOpenPeriod() throws SQLException {
    org = newOrg("pro");
    other = newOrg("pro");
    try (Connection admin = TestDatabase.asAdmin()) {
      monthly = Catalog.count(admin, "SELECT credits FROM plan_monthly_credits WHERE plan = 'pro'");
    }
    asApp(org, app -> Catalog.strings(app, "SELECT eclips_credit_open_period()"));
    asApp(other, app -> Catalog.strings(app, "SELECT eclips_credit_open_period()"));
    assertEquals(monthly, balance(org));
  }

  @AfterEach
  void theLedgerStillSumsToTheBalance() throws SQLException {
    for (UUID each : List.of(org, other)) {
      try (Connection admin = TestDatabase.asAdmin()) {
        assertEquals(
            balance(each),
            Catalog.count(
                admin,
                "SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE org_id = '" + each + "'"),
            "ledger sum == balance");
      }
    }
  }

  @Test
  void theBalanceCannotBeChangedDirectly() throws SQLException {
    assertRefused(org, "UPDATE credit_usage_periods SET balance = balance + 1000000");
    assertRefused(org, "UPDATE credit_usage_periods SET used = 0, granted = granted + 1000000");
    assertRefused(
        org,
        "INSERT INTO credit_usage_periods (org_id, id, period_start, granted, balance) VALUES ('"
            + org
            + "', gen_random_uuid(), ("
            + PERIOD
            + " + interval '1 month')::date, 1000000, 1000000)");
    assertRefused(org, "DELETE FROM credit_usage_periods");
    assertEquals(monthly, balance(org));
  }

  @Test
  void theLedgerCannotBeWrittenDirectly() throws SQLException {
    assertRefused(
        org,
        "INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start, reason) VALUES ('"
            + org
            + "', gen_random_uuid(), 'grant', 1000000, "
            + PERIOD
            + ", 'minted')");
    assertRefused(org, "DELETE FROM credit_ledger WHERE entry_type = 'debit'");
    assertRefused(org, "UPDATE credit_ledger SET amount = 1000000");
    assertEquals(1, ledgerRows(org));
  }

  @Test
  void aDebitTakesOnlyAPositiveAmountWithinTheBalance() throws SQLException {
    assertRefused(org, "SELECT count(eclips_credit_debit(-1000000, gen_random_uuid(), true))");
    assertRefused(org, "SELECT count(eclips_credit_debit(0, gen_random_uuid(), true))");
    asApp(
        org,
        app ->
            assertEquals(
                0,
                Catalog.count(
                    app,
                    "SELECT count(eclips_credit_debit("
                        + (monthly + 1)
                        + ", gen_random_uuid(), true))"),
                "more than the balance: no debit"));
    assertEquals(monthly, balance(org));
  }

  @Test
  void aRunNeverChargedCannotBeRefunded() throws SQLException {
    assertRefused(org, "SELECT count(eclips_credit_refund(gen_random_uuid(), 10))");
    UUID runOfOther = UUID.randomUUID();
    debit(other, runOfOther, 10);
    assertRefused(org, "SELECT count(eclips_credit_refund('" + runOfOther + "', 10))");
    assertEquals(monthly, balance(org));
    assertEquals(monthly - 10, balance(other));
  }

  @Test
  void aRunIsRefundedOnceAndAtMostWhatItWasCharged() throws SQLException {
    UUID run = UUID.randomUUID();
    debit(org, run, 10);
    assertRefused(org, "SELECT count(eclips_credit_refund('" + run + "', 11))");
    assertRefused(org, "SELECT count(eclips_credit_refund('" + run + "', -5))");
    asApp(
        org,
        app ->
            assertEquals(
                1, Catalog.count(app, "SELECT count(eclips_credit_refund('" + run + "', 10))")));
    assertRefused(org, "SELECT count(eclips_credit_refund('" + run + "', 10))");
    assertRefused(org, "SELECT count(eclips_credit_refund('" + run + "', 1))");
    assertEquals(monthly, balance(org));
  }

  @Test
  void aPeriodOpensOnceWithThePlansFigureNeverTheCallers() throws SQLException {
    SqlOutcome withAFigure = outcome(org, "SELECT count(eclips_credit_open_period(1000000))");
    assertEquals("42883", withAFigure.sqlState(), "no opening function takes a figure");
    asApp(org, app -> Catalog.strings(app, "SELECT eclips_credit_open_period()"));
    assertEquals(monthly, balance(org), "a second opening grants nothing");
    assertRefused(org, "UPDATE plan_monthly_credits SET credits = 1000000000");
    assertRefused(org, "SELECT eclips_gate.platform_set_monthly_credits('pro', 1000000000)");
    assertEquals(1, ledgerRows(org));
  }

  @Test
  void theAppRoleCannotAuthorizeAGrantNorReadOne() throws SQLException {
    assertRefused(
        org,
        "SELECT count(eclips_gate.platform_authorize_credit_grant('"
            + org
            + "', 1000000, 'minted'))");
    assertRefused(
        org,
        "INSERT INTO credit_grant_authorizations (org_id, id, amount, reason) VALUES ('"
            + org
            + "', gen_random_uuid(), 1000000, 'minted')");
    authorize(org, 500);
    assertRefused(org, "SELECT count(*) FROM credit_grant_authorizations");
    assertRefused(org, "UPDATE credit_grant_authorizations SET amount = 1000000");
    assertEquals(monthly, balance(org));
  }

  @Test
  void aGrantAuthorizationIsConsumedOnceByItsOwnOrgWhileFresh() throws SQLException {
    UUID ofOther = authorize(other, 500);
    assertRefused(org, "SELECT eclips_credit_grant('" + ofOther + "')");
    assertEquals(monthly, balance(org));

    UUID mine = authorize(org, 500);
    asApp(org, app -> Catalog.count(app, "SELECT eclips_credit_grant('" + mine + "')"));
    assertEquals(monthly + 500, balance(org));
    assertRefused(org, "SELECT eclips_credit_grant('" + mine + "')");

    UUID stale = authorize(org, 500);
    try (Connection admin = TestDatabase.asAdmin()) {
      Catalog.count(
          admin,
          "WITH aged AS (UPDATE credit_grant_authorizations SET created_at = now() - interval"
              + " '6 minutes' WHERE id = '"
              + stale
              + "' RETURNING 1) SELECT count(*) FROM aged");
    }
    assertRefused(org, "SELECT eclips_credit_grant('" + stale + "')");
    assertRefused(org, "SELECT eclips_credit_grant(gen_random_uuid())");
    assertEquals(monthly + 500, balance(org));
    assertEquals(monthly, balance(other));
  }

  /** The request's rollback (its audit entry or idempotency record failed) grants nothing. */
  @Test
  void aGrantRolledBackLeavesItsAuthorizationUnconsumed() throws SQLException {
    UUID authorization = authorize(org, 300);
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      Catalog.count(app, "SELECT eclips_credit_grant('" + authorization + "')");
      app.rollback();
    }
    assertEquals(monthly, balance(org));
    asApp(org, app -> Catalog.count(app, "SELECT eclips_credit_grant('" + authorization + "')"));
    assertEquals(monthly + 300, balance(org));
  }

  @Test
  void everyCreditFunctionNeedsATenant() throws SQLException {
    UUID authorization = authorize(org, 500);
    List<String> calls =
        List.of(
            "SELECT count(eclips_credit_open_period())",
            "SELECT count(eclips_credit_debit(10, gen_random_uuid(), true))",
            "SELECT count(eclips_credit_refund(gen_random_uuid(), 10))",
            "SELECT count(eclips_credit_set_budget(100))",
            "SELECT count(eclips_credit_grant('" + authorization + "'))");
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      for (String call : calls) {
        SqlOutcome outcome = SqlOutcome.count(app, call);
        assertTrue(outcome.refused(), () -> call + ": " + outcome);
      }
      app.rollback();
    }
    assertEquals(monthly, balance(org));
  }

  @Test
  void theCreditFunctionsRunAsTheNoLoginPlatformRoleWithAPinnedSearchPath() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      List<String> functions =
          Catalog.strings(
              admin,
              "SELECT p.proname || ' ' || p.proowner::regrole || ' ' || p.prosecdef || ' '"
                  + " || (array_to_string(p.proconfig, ',') LIKE '%search_path=pg_catalog, pg_temp%')"
                  + " || ' ' || r.rolcanlogin || ' ' || has_function_privilege('public', p.oid, 'EXECUTE')"
                  + " FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner"
                  + " WHERE p.proname LIKE 'eclips\\_credit\\_%'"
                  // the period's and the level's readers are invoker functions (RLS applies to
                  // them), and the debit's event writer (V27) no role but its owner may call
                  + " AND p.proname NOT IN ('eclips_credit_period', 'eclips_credit_level',"
                  + " 'eclips_credit_event')"
                  + " OR p.proname IN ('platform_authorize_credit_grant', 'platform_set_monthly_credits')"
                  + " ORDER BY 1");
      assertEquals(7, functions.size(), functions::toString);
      for (String function : functions) {
        assertTrue(
            function.endsWith(" " + DatabaseSettings.PLATFORM_ROLE + " true true false false"),
            () -> function);
      }
    }
  }

  // ----- helpers -------------------------------------------------------------------------------

  private interface AppWork {
    void run(Connection app) throws SQLException;
  }

  /** One committed transaction as the app role, bound to the org as the application binds it. */
  private static void asApp(UUID org, AppWork work) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      work.run(app);
      app.commit();
    }
  }

  private static SqlOutcome outcome(UUID org, String statement) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      SqlOutcome outcome =
          statement.startsWith("SELECT")
              ? SqlOutcome.count(app, statement)
              : SqlOutcome.update(app, statement);
      app.commit();
      return outcome;
    }
  }

  private static void assertRefused(UUID org, String statement) throws SQLException {
    SqlOutcome outcome = outcome(org, statement);
    assertTrue(outcome.refused(), () -> statement + ": " + outcome);
  }

  private static void debit(UUID org, UUID run, long amount) throws SQLException {
    asApp(
        org,
        app ->
            assertEquals(
                1,
                Catalog.count(
                    app,
                    "SELECT count(eclips_credit_debit(" + amount + ", '" + run + "', true))")));
  }

  /** As the platform connection does it (the platform role's own login). */
  private static UUID authorize(UUID org, long amount) throws SQLException {
    try (Connection platform = TestDatabase.asPlatform()) {
      return UUID.fromString(
          Catalog.strings(
                  platform,
                  "SELECT eclips_gate.platform_authorize_credit_grant('"
                      + org
                      + "', "
                      + amount
                      + ", 'refusals test')")
              .get(0));
    }
  }

  private static UUID newOrg(String plan) throws SQLException {
    UUID org = UUID.randomUUID();
    try (Connection platform = TestDatabase.asPlatform()) {
      Catalog.count(
          platform,
          "SELECT count(*) FROM eclips_gate.platform_create_org('"
              + org
              + "', 'credit refusals', '"
              + plan
              + "')");
    }
    return org;
  }

  private static long balance(UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.count(
          admin,
          "SELECT coalesce(max(balance), 0) FROM credit_usage_periods WHERE org_id = '"
              + org
              + "' AND period_start = "
              + PERIOD);
    }
  }

  private static long ledgerRows(UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.count(
          admin, "SELECT count(*) FROM credit_ledger WHERE org_id = '" + org + "'");
    }
  }
}
