package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database's own catalog proves the tenancy set-up; nothing here trusts a hand-kept list alone.
 */
class RowLevelSecurityCatalogIT {

  /** CONTRACT §1 names at least these; the catalog may hold more, never fewer. */
  private static final Set<String> CONTRACT_TABLES =
      Set.of(
          "agent_runs",
          "triage_items",
          "agent_trust_profiles",
          "credit_ledger",
          "credit_usage_periods",
          "agent_circuit_breakers",
          "documents",
          "api_keys",
          "audit_log",
          "idempotency_keys");

  /** Tables that are not org-scoped, each for a stated reason. */
  private static final Set<String> NOT_ORG_SCOPED =
      Set.of(
          "organizations" /* the tenants themselves; RLS on id */,
          "flyway_schema_history" /* owner only */,
          "plan_audit_retention" /* per-plan figures, no customer data; the app may only read */,
          "plan_monthly_credits" /* per-plan figures; only the platform role's function writes */,
          "platform_idempotency_keys" /* V25: keys of platform operations on no org; the app role
                                      has no privilege, only the platform functions use it */,
          "webhook_fanout_cursor" /* V29: one row, the webhook fan-out's watermark over all orgs'
                                  events; no privilege for the app role, only the gate uses it */);

  /**
   * Org-scoped tables the app role holds no privilege on at all, so it needs no policy: only the
   * NOLOGIN owner of the gate functions reads and writes them, through policies of its own.
   */
  private static final Set<String> GATE_ONLY =
      Set.of("credit_grant_authorizations" /* V21: created by the platform role, consumed once */);

  private static Connection admin;
  private static String appRole;

  @BeforeAll
  static void connect() throws SQLException {
    admin = TestDatabase.asAdmin();
    appRole = TestDatabase.settings().app().user();
  }

  @AfterAll
  static void close() throws SQLException {
    admin.close();
  }

  @Test
  void everyContractTableIsOrgScoped() throws SQLException {
    List<String> scoped = Catalog.orgScopedTables(admin);
    assertTrue(
        scoped.containsAll(CONTRACT_TABLES), () -> "org-scoped tables in catalog: " + scoped);
  }

  @Test
  void everyTableIsOrgScopedOrExplicitlyExempt() throws SQLException {
    List<String> unscoped = new ArrayList<>(Catalog.allTables(admin));
    unscoped.removeAll(Catalog.orgScopedTables(admin));
    unscoped.removeAll(NOT_ORG_SCOPED);
    assertEquals(List.of(), unscoped, "tables with neither org_id nor an exemption");
  }

  @Test
  void rowLevelSecurityIsEnabledAndForcedOnEveryOrgScopedTable() throws SQLException {
    List<String> tables = new ArrayList<>(Catalog.orgScopedTables(admin));
    tables.add("organizations");
    List<String> unprotected =
        Catalog.strings(
            admin,
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname IN ("
                + quoted(tables)
                + ") AND NOT (relrowsecurity AND relforcerowsecurity)");
    assertEquals(
        List.of(), unprotected, "org-scoped tables without ENABLE + FORCE ROW LEVEL SECURITY");
    assertEquals(
        tables.size(),
        Catalog.count(
            admin,
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname IN ("
                + quoted(tables)
                + ")"));
  }

  @Test
  void everyOrgScopedTableHasAPolicyForTheAppRoleOnTheCurrentTenant() throws SQLException {
    List<String> withoutPolicy =
        Catalog.strings(
            admin,
            "SELECT t FROM unnest(ARRAY["
                + quoted(Catalog.orgScopedTables(admin))
                + "]) t WHERE NOT EXISTS ("
                + "SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t "
                + "AND '"
                + appRole
                + "' = ANY (p.roles) "
                + "AND (coalesce(p.qual, '') || coalesce(p.with_check, '')) LIKE '%org_id = ( SELECT eclips_current_org() AS eclips_current_org)%')");
    withoutPolicy.removeAll(GATE_ONLY);
    assertEquals(List.of(), withoutPolicy);
  }

  @Test
  void theAppRoleHasNoPrivilegeOnGateOnlyTables() throws SQLException {
    for (String table : GATE_ONLY) {
      for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
        assertEquals(
            0,
            Catalog.count(
                admin,
                "SELECT count(*) WHERE has_table_privilege('"
                    + appRole
                    + "', '"
                    + table
                    + "', '"
                    + privilege
                    + "')"),
            () -> appRole + " may " + privilege + " " + table);
      }
    }
  }

  @Test
  void appRoleIsNeitherSuperuserNorBypassesRlsAndOwnsNothing() throws SQLException {
    assertEquals(
        0,
        Catalog.count(
            admin,
            "SELECT count(*) FROM pg_roles WHERE rolname = '"
                + appRole
                + "' AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb)"));
    assertEquals(
        1, Catalog.count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = '" + appRole + "'"));
    assertEquals(
        0,
        Catalog.count(
            admin, "SELECT count(*) FROM pg_class WHERE relowner = '" + appRole + "'::regrole"));
    assertEquals(
        0,
        Catalog.count(
            admin, "SELECT count(*) FROM pg_proc WHERE proowner = '" + appRole + "'::regrole"));
    assertEquals(
        0,
        Catalog.count(
            admin,
            "SELECT count(*) FROM pg_namespace WHERE nspowner = '" + appRole + "'::regrole"));
  }

  @Test
  void appRoleIsNotAMemberOfAnyRole() throws SQLException {
    assertEquals(
        0,
        Catalog.count(
            admin,
            "SELECT count(*) FROM pg_auth_members WHERE member = '" + appRole + "'::regrole"));
  }

  @Test
  void ledgerAuditLogAndEventsAreAppendOnlyForTheAppRole() throws SQLException {
    for (String table : List.of("credit_ledger", "audit_log", "events")) {
      for (String privilege : List.of("UPDATE", "DELETE", "TRUNCATE")) {
        assertEquals(
            0,
            Catalog.count(
                admin,
                "SELECT count(*) WHERE has_table_privilege('"
                    + appRole
                    + "', '"
                    + table
                    + "', '"
                    + privilege
                    + "')"),
            () -> appRole + " may " + privilege + " " + table);
      }
    }
  }

  @Test
  void auditRowsAreInsertedOnlyThroughTheChainFunction() throws SQLException {
    assertEquals(
        0,
        Catalog.count(
            admin,
            "SELECT count(*) WHERE has_table_privilege('" + appRole + "', 'audit_log', 'INSERT')"));
    assertEquals(
        List.of("eclips_audit_writer"),
        Catalog.strings(
            admin,
            "SELECT rolname FROM pg_roles WHERE NOT rolsuper AND rolname NOT LIKE 'pg\\_%'"
                + " AND rolname <> '"
                + TestDatabase.settings().owner().user()
                + "' AND has_table_privilege(oid, 'audit_log', 'INSERT')"));
  }

  @Test
  void noRoleButTheOwnerMayChangeRetention() throws SQLException {
    assertEquals(
        List.of(),
        Catalog.strings(
            admin,
            "SELECT grantee FROM information_schema.role_table_grants"
                + " WHERE table_name = 'plan_audit_retention' AND privilege_type <> 'SELECT'"
                + " AND grantee <> '"
                + TestDatabase.settings().owner().user()
                + "'"));
  }

  @Test
  void theSeedFixtureCoversEveryOrgScopedTable() throws SQLException {
    assertEquals(
        Set.copyOf(Catalog.orgScopedTables(admin)),
        SeedData.TABLES.keySet(),
        "extend SeedData.TABLES so the isolation tests cover the new table");
  }

  @Test
  void tablesBelongToTheOwnerRole() throws SQLException {
    String owner = TestDatabase.settings().owner().user();
    assertFalse(Catalog.orgScopedTables(admin).isEmpty());
    assertEquals(
        List.of(),
        Catalog.strings(
            admin,
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
                + "AND relowner <> '"
                + owner
                + "'::regrole"));
  }

  static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
