package it.tech.eclips.workforce.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.runs.boundary.RunSteps;

/**
 * The duplicate-invoice check, as the app role under row-level security, reads the one invoice it
 * looks for, not the org's whole invoice history: RLS allows only leakproof operators in index
 * conditions, and {@code jsonb ->>} is not one (V15 moved the check onto generated columns).
 */
class InvoiceCheckPlanIT {

  private static final int EARLIER_INVOICES = 400;

  @Test
  void theCheckFindsTheDuplicateThroughTheIndexWithoutReadingTheOrgsOtherInvoices()
      throws SQLException {
    UUID org = UUID.randomUUID();
    UUID run = UUID.randomUUID();
    seed(org, run);
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      assertEquals(
          1, Catalog.count(app, "SELECT count(*) FROM (" + check(org, run, "INV-7") + ") d"));
      assertEquals(
          0, Catalog.count(app, "SELECT count(*) FROM (" + check(org, run, "INV-0") + ") d"));
      assertReadsOnlyTheInvoice(app, check(org, run, "INV-7"));
      app.rollback();
    }
  }

  /** The execution batch reads the same check with the run it locks ({@code InvoiceHolders}). */
  @Test
  void theBatchReadsTheHoldersThroughTheIndexWithoutReadingTheOrgsOtherInvoices()
      throws SQLException {
    UUID org = UUID.randomUUID();
    UUID run = UUID.randomUUID();
    seed(org, run);
    String statement =
        RunSteps.TAKE_WAITING
            .replace("?2", "'" + org + "'::uuid")
            .replace("?1", "'[\"" + run + "\"]'");
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      List<String> holders =
          Catalog.strings(
              app, "SELECT h FROM (" + statement + ") AS w(a, b, c, d, e, f, g, v, n, h)");
      assertEquals(1, holders.size());
      assertEquals(1, holders.get(0).split(",").length, "the one earlier INV-7: " + holders);
      assertReadsOnlyTheInvoice(app, statement);
      app.rollback();
    }
  }

  /** The statement finds the invoice through the index and reads none of the org's others. */
  private static void assertReadsOnlyTheInvoice(Connection app, String statement)
      throws SQLException {
    List<String> plan = Catalog.strings(app, "EXPLAIN (ANALYZE, COSTS OFF) " + statement);
    String text = String.join("\n", plan);
    assertTrue(
        text.contains("agent_runs_invoice_numbers") && text.contains("invoice_number ="),
        "the invoice number must be an index condition:\n" + text);
    assertTrue(
        plan.stream().noneMatch(line -> line.matches(".*Rows Removed by Filter: \\d{2,}.*")),
        "the statement must not read the org's other invoices:\n" + text);
  }

  /** An org with {@link #EARLIER_INVOICES} succeeded invoices (INV-1…) and a queued INV-7. */
  private static void seed(UUID org, UUID run) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(
          "INSERT INTO organizations (id, name, plan) VALUES ('" + org + "', 'invoices', 'pro')");
      sql.execute(
          "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input, created_at)"
              + " SELECT '"
              + org
              + "', gen_random_uuid(), 'invoice_processor', 'succeeded', true,"
              + " jsonb_build_object('vendor', 'ACME', 'invoice_number', 'INV-' || i),"
              + " now() - interval '1 hour' FROM generate_series(1, "
              + EARLIER_INVOICES
              + ") i");
      sql.execute(
          "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input) VALUES ('"
              + org
              + "', '"
              + run
              + "', 'invoice_processor', 'queued', true,"
              + " '{\"vendor\": \"ACME\", \"invoice_number\": \"INV-7\"}')");
      sql.execute("ANALYZE agent_runs");
    }
  }

  /** The application's statement with its parameters as literals. */
  private static String check(UUID org, UUID run, String invoiceNumber) {
    return RunSteps.INVOICE_SEEN_BEFORE
        .replace("?4", "'" + org + "'::uuid")
        .replace("?1", "'ACME'")
        .replace("?2", "'" + invoiceNumber + "'")
        .replace("?3", "'" + run + "'::uuid");
  }
}
