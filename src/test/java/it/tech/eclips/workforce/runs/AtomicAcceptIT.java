package it.tech.eclips.workforce.runs;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accepting a run is all or nothing. Each step in turn is made to fail by a database trigger for
 * this test's org alone (no fault hooks in the product), and afterwards nothing of the attempt is
 * left.
 */
@ExtendWith(Deployments.class)
class AtomicAcceptIT {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "idempotency_keys:INSERT",
        "credit_usage_periods:UPDATE",
        "agent_runs:INSERT",
        "credit_ledger:INSERT",
        "audit_log:INSERT"
      })
  void aFailureAtAnyStepLeavesNoPartialRows(String step) throws SQLException {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:write", "credits:read");
    Api.post("/v1/agents/runs", invoice("warm-up"), bearer(key)).expect(202);
    Api.verifyAudit(org);
    List<Long> before = state(org);
    String[] target = step.split(":");
    inject(org, target[0], target[1]);
    try {
      int status =
          post(
                  "/v1/agents/runs",
                  invoice("doomed"),
                  "Authorization",
                  "Bearer " + key,
                  "Idempotency-Key",
                  "k-" + step)
              .status();
      assertEquals(500, status, step);
    } finally {
      removeFault(target[0]);
    }
    assertEquals(before, state(org), "rows left behind when " + step + " failed");
    Api.post("/v1/agents/runs", invoice("after"), bearer(key)).expect(202);
  }

  /** runs, ledger rows, ledger sum, balance, audit entries about runs, idempotency keys. */
  private static List<Long> state(String org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      String where = " WHERE org_id = '" + org + "'";
      return List.of(
          Catalog.count(admin, "SELECT count(*) FROM agent_runs" + where),
          Catalog.count(admin, "SELECT count(*) FROM credit_ledger" + where),
          Catalog.count(admin, "SELECT coalesce(sum(amount), 0) FROM credit_ledger" + where),
          Catalog.count(
              admin, "SELECT coalesce(max(balance), 0) FROM credit_usage_periods" + where),
          Catalog.count(
              admin, "SELECT count(*) FROM audit_log" + where + " AND action LIKE 'agent_run.%'"),
          Catalog.count(admin, "SELECT count(*) FROM idempotency_keys" + where));
    }
  }

  private static void inject(String org, String table, String operation) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(
          "CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS "
              + "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$");
      sql.execute(
          "CREATE TRIGGER test_fault BEFORE "
              + operation
              + " ON "
              + table
              + " FOR EACH ROW WHEN (NEW.org_id = '"
              + org
              + "') EXECUTE FUNCTION test_fault()");
    }
  }

  private static void removeFault(String table) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute("DROP TRIGGER IF EXISTS test_fault ON " + table);
    }
  }
}
