package it.tech.eclips.workforce.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code eclips_accept_run} (V12), the accept in one round trip, and {@code eclips_accept_runs}
 * (V13), a batch of them in one transaction, called as the app role: in the common case an accept
 * writes exactly what the step-by-step accept writes (run, debit, ledger row, audit entry,
 * idempotency response) in the caller's transaction; in every other case it returns false and
 * leaves the database as it found it, so the application's own path starts clean. The HTTP tests
 * (RunsIT, IdempotencyIT, CreditsIT, CircuitBreakersIT, AtomicAcceptIT) cover both paths through
 * the API.
 */
class OneTripAcceptIT {

  private static final long PRICE = 10;
  private final LocalDate period = YearMonth.now(ZoneOffset.UTC).atDay(1);
  private UUID org;

  @BeforeEach
  void orgWithCredits() throws SQLException {
    org = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .execute(
              "INSERT INTO organizations (id, name, plan) VALUES ('"
                  + org
                  + "', 'one trip', 'pro')");
      period(admin, 100, null);
    }
  }

  @Test
  void theCommonCaseWritesRunDebitLedgerAuditAndTheStoredResponseAtOnce() throws SQLException {
    UUID run = UUID.randomUUID();
    assertTrue(accept(run, "key-1"));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of("queued 10 invoice_processor ACME"),
          Catalog.strings(
              admin,
              "SELECT status || ' ' || credits_charged || ' ' || agent_type || ' ' || (input ->> 'vendor')"
                  + " FROM agent_runs WHERE org_id = '"
                  + org
                  + "' AND id = '"
                  + run
                  + "'"));
      assertEquals(List.of("90 10"), balance(admin));
      assertEquals(
          List.of("debit -10 " + run),
          Catalog.strings(
              admin,
              "SELECT entry_type || ' ' || amount || ' ' || run_id FROM credit_ledger WHERE org_id = '"
                  + org
                  + "'"));
      assertEquals(
          List.of("1 agent_run.created " + run),
          Catalog.strings(
              admin,
              "SELECT seq || ' ' || action || ' ' || resource_id FROM audit_log WHERE org_id = '"
                  + org
                  + "'"));
      assertEquals(
          List.of("202 " + run + " {\"id\":\"" + run + "\"}"),
          Catalog.strings(
              admin,
              "SELECT response_status || ' ' || resource_id || ' ' || response_body FROM idempotency_keys"
                  + " WHERE org_id = '"
                  + org
                  + "' AND idem_key = 'key-1'"));
    }
  }

  @Test
  void aBreakerThatIsNotClosedIsTheApplicationsToJudge() throws SQLException {
    for (String state : List.of("open", "half_open")) {
      breaker(true, state);
      assertFalse(accept(UUID.randomUUID(), "key-" + state));
      assertNothingWritten();
    }
  }

  /** The run is live: the test-mode breaker of its agent type is none of its business. */
  @Test
  void theOtherModesBreakerIsIgnored() throws SQLException {
    breaker(false, "open");
    assertTrue(accept(UUID.randomUUID(), null));
  }

  private void breaker(boolean livemode, String state) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .execute(
              "INSERT INTO agent_circuit_breakers (org_id, id, livemode, agent_type, state,"
                  + " consecutive_failures, opened_at) VALUES ('"
                  + org
                  + "', gen_random_uuid(), "
                  + livemode
                  + ", 'invoice_processor', '"
                  + state
                  + "', 5, now()) ON CONFLICT (org_id, livemode, agent_type)"
                  + " DO UPDATE SET state = EXCLUDED.state");
    }
  }

  @Test
  void aLiveIdempotencyKeyIsLeftAsItIsAndAnExpiredOneIsClaimedAgain() throws SQLException {
    assertTrue(accept(UUID.randomUUID(), "key-2"));
    UUID second = UUID.randomUUID();
    assertFalse(accept(second, "key-2"));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(List.of("90 10"), balance(admin));
      assertEquals(0, count(admin, "agent_runs WHERE id = '" + second + "'"));
      admin
          .createStatement()
          .execute(
              "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE org_id = '"
                  + org
                  + "'");
    }
    assertTrue(accept(second, "key-2"));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of(second.toString()),
          Catalog.strings(
              admin,
              "SELECT resource_id::text FROM idempotency_keys WHERE org_id = '" + org + "'"));
    }
  }

  @Test
  void tooFewCreditsAnOverspentBudgetOrNoPeriodChangeNothingAndUndoTheClaim() throws SQLException {
    replacePeriod(5L, null);
    assertFalse(accept(UUID.randomUUID(), "key-3"));
    assertNothingWritten();
    replacePeriod(100L, 5L);
    assertFalse(accept(UUID.randomUUID(), "key-3"));
    assertNothingWritten();
    replacePeriod(null, null);
    assertFalse(accept(UUID.randomUUID(), null));
    assertNothingWritten();
  }

  @Test
  void withoutATenantOrWithAnotherOrgsAuditEntryTheDatabaseRefusesAndNothingCommits()
      throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      SQLException unbound =
          assertThrows(SQLException.class, () -> call(app, argument(UUID.randomUUID(), null, org)));
      assertEquals("42501", unbound.getSQLState());
      app.rollback();
      bind(app, org);
      assertThrows(
          SQLException.class,
          () -> call(app, argument(UUID.randomUUID(), "key-4", UUID.randomUUID())));
      app.rollback();
    }
    assertNothingWritten();
  }

  @Test
  void aBatchBindsEachAcceptToItsOrgAndAnswersEachOnItsOwn() throws SQLException {
    UUID other = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .execute(
              "INSERT INTO organizations (id, name, plan) VALUES ('"
                  + other
                  + "', 'other', 'pro')");
    }
    UUID first = UUID.randomUUID();
    UUID duplicate = UUID.randomUUID();
    UUID ofOther = UUID.randomUUID();
    String batch =
        "["
            + withOrg(argument(first, "key-5", org), org)
            + ","
            + withOrg(argument(duplicate, "key-5", org), org)
            + ","
            + withOrg(argument(ofOther, null, other), other)
            + "]";
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      // the other org has no period yet: declined, like the duplicate key of the same batch
      assertEquals("tff", callBatch(app, batch));
      app.commit();
    }
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(List.of("90 10"), balance(admin));
      assertEquals(1, count(admin, "agent_runs WHERE id = '" + first + "'"));
      assertEquals(0, count(admin, "agent_runs WHERE id = '" + duplicate + "'"));
      assertEquals(
          0,
          Catalog.count(admin, "SELECT count(*) FROM agent_runs WHERE org_id = '" + other + "'"));
      assertEquals(
          0, Catalog.count(admin, "SELECT count(*) FROM audit_log WHERE org_id = '" + other + "'"));
    }
  }

  @Test
  void oneBrokenAcceptFailsItsWholeBatch() throws SQLException {
    String batch =
        "["
            + withOrg(argument(UUID.randomUUID(), null, org), org)
            + ","
            + argument(UUID.randomUUID(), null, org)
            + "]";
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      assertThrows(SQLException.class, () -> callBatch(app, batch));
      app.rollback();
    }
    assertNothingWritten();
  }

  // ----- helpers -------------------------------------------------------------------------------

  private boolean accept(UUID run, String idempotencyKey) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      bind(app, org);
      boolean accepted = call(app, argument(run, idempotencyKey, org));
      app.commit();
      return accepted;
    }
  }

  private static void bind(Connection app, UUID org) throws SQLException {
    TestDatabase.enterTenant(app, org);
  }

  private static boolean call(Connection app, String argument) throws SQLException {
    return "true".equals(select(app, "eclips_accept_run", argument));
  }

  private static String callBatch(Connection app, String batch) throws SQLException {
    return select(app, "eclips_accept_runs", batch);
  }

  /** One function's result as text (a boolean reads as true or false). */
  private static String select(Connection app, String function, String argument)
      throws SQLException {
    try (PreparedStatement call =
        app.prepareStatement("SELECT " + function + "(CAST(? AS jsonb))::text")) {
      call.setString(1, argument);
      try (ResultSet result = call.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    }
  }

  private static String withOrg(String argument, UUID org) {
    try {
      return "{\"org\":\""
          + org
          + "\",\"proof\":\""
          + TestDatabase.proofOf(org)
          + "\","
          + argument.substring(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String argument(UUID run, String idempotencyKey, UUID auditOrg) {
    String at = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    String idempotency =
        idempotencyKey == null
            ? "null"
            : "{\"scope\":\"live\",\"key\":\""
                + idempotencyKey
                + "\",\"request_hash\":\"00ff\",\"response_body\":\"{\\\"id\\\":\\\""
                + run
                + "\\\"}\"}";
    return "{\"price\":"
        + PRICE
        + ",\"period\":\""
        + period
        + "\",\"run\":{\"id\":\""
        + run
        + "\",\"agent_type\":\"invoice_processor\",\"livemode\":true,\"input\":{\"vendor\":\"ACME\"},"
        + "\"document_id\":null,\"api_key_id\":null,\"created_at\":\""
        + at
        + "\"},\"idempotency\":"
        + idempotency
        + ",\"audit\":[{\"org\":\""
        + auditOrg
        + "\",\"rows\":[{\"id\":\""
        + UUID.randomUUID()
        + "\",\"at\":\""
        + at
        + "\",\"actor_type\":\"api_key\",\"actor_id\":\"k\",\"action\":\"agent_run.created\","
        + "\"resource_type\":\"agent_run\",\"resource_id\":\""
        + run
        + "\",\"outcome\":\"allowed\",\"occurrences\":1}]}]}";
  }

  /** The org's period with this balance and budget instead of its own; a null balance: none. */
  private void replacePeriod(Long balance, Long budget) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .execute("DELETE FROM credit_usage_periods WHERE org_id = '" + org + "'");
      if (balance != null) {
        period(admin, balance, budget);
      }
    }
  }

  private void period(Connection admin, long balance, Long budget) throws SQLException {
    try (PreparedStatement insert =
        admin.prepareStatement(
            "INSERT INTO credit_usage_periods (org_id, id, period_start, granted, balance, budget)"
                + " VALUES (?, gen_random_uuid(), ?, ?, ?, ?)")) {
      insert.setObject(1, org);
      insert.setObject(2, period);
      insert.setLong(3, balance);
      insert.setLong(4, balance);
      insert.setObject(5, budget);
      insert.execute();
    }
  }

  private List<String> balance(Connection admin) throws SQLException {
    return Catalog.strings(
        admin,
        "SELECT balance || ' ' || used FROM credit_usage_periods WHERE org_id = '" + org + "'");
  }

  private long count(Connection admin, String fromWhere) throws SQLException {
    return Catalog.count(
        admin,
        "SELECT count(*) FROM "
            + fromWhere
            + (fromWhere.contains("WHERE") ? " AND " : " WHERE ")
            + "org_id = '"
            + org
            + "'");
  }

  private void assertNothingWritten() throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      for (String table : List.of("agent_runs", "credit_ledger", "audit_log", "idempotency_keys")) {
        assertEquals(0, count(admin, table), table);
      }
      List<String> balance = balance(admin);
      assertTrue(balance.isEmpty() || balance.get(0).endsWith(" 0"), "nothing used: " + balance);
    }
  }
}
