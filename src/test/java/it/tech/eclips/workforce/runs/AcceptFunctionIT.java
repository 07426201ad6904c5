package it.tech.eclips.workforce.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code eclips_accept_runs} (V23), the one accept, called as the app role: in the common case an
 * accept writes run, debit, ledger row, audit entry and idempotency response in the caller's
 * transaction; otherwise it answers why not (a reason per run) and leaves the database as it found
 * it. Each accept is bound to its org only with its org's proof. The HTTP tests (RunsIT,
 * IdempotencyIT, CreditsIT, CircuitBreakersIT, AtomicAcceptIT) cover the answers through the API.
 */
class AcceptFunctionIT {

  private static final long PRICE = 10;
  private final LocalDate period = YearMonth.now(ZoneOffset.UTC).atDay(1);
  private UUID org;

  @BeforeEach
  void orgWithCredits() throws SQLException {
    org = newOrg("accept");
    try (Connection admin = TestDatabase.asAdmin()) {
      period(admin, 100, null);
    }
  }

  @Test
  void theCommonCaseWritesRunDebitLedgerAuditAndTheStoredResponseAtOnce() throws SQLException {
    UUID run = UUID.randomUUID();
    assertEquals("accepted", accept(run, "key-1"));
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
  void aBreakerThatIsNotClosedIsTheBreakersRuleToApplyAndAnAdmittedTrialIsAccepted()
      throws SQLException {
    for (String state : List.of("open", "half_open")) {
      breaker(true, state);
      assertEquals("breaker_not_closed", accept(UUID.randomUUID(), "key-" + state));
      assertNothingWritten();
    }
    UUID trial = UUID.randomUUID();
    // every answer reports the org's balance and use: after an accept, right after its own debit
    assertEquals(
        "accepted 90 10",
        outcome(
                List.of(
                    argument(trial, null, org, org, "00ff")
                        .replace("\"price\"", "\"breaker_admitted\":true,\"price\"")))
            .get(0));
  }

  /** The run is live: the test-mode breaker of its agent type is none of its business. */
  @Test
  void theOtherModesBreakerIsIgnored() throws SQLException {
    breaker(false, "open");
    assertEquals("accepted", accept(UUID.randomUUID(), null));
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
  void aLiveKeyReplaysTheSameRequestRefusesAnotherAndAnExpiredOneIsClaimedAgain()
      throws SQLException {
    UUID first = UUID.randomUUID();
    assertEquals("accepted", accept(first, "key-2"));
    UUID second = UUID.randomUUID();
    assertEquals(
        List.of("replay " + first + " {\"id\":\"" + first + "\"} 90 10"),
        outcome(List.of(argument(second, "key-2", org, org, "00ff"))));
    assertEquals(
        List.of("idempotency_conflict 90 10"),
        outcome(List.of(argument(second, "key-2", org, org, "0fff"))));
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
    assertEquals("accepted", accept(second, "key-2"));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of(second.toString()),
          Catalog.strings(
              admin,
              "SELECT resource_id::text FROM idempotency_keys WHERE org_id = '" + org + "'"));
    }
  }

  @Test
  void tooFewCreditsOrAnOverspentBudgetSayWhichChangeNothingAndUndoTheClaim() throws SQLException {
    replacePeriod(5L, null);
    assertEquals(
        List.of("insufficient_credits 5 0 null"),
        outcome(List.of(argument(UUID.randomUUID(), "key-3", org, org, "00ff"))));
    assertNothingWritten();
    replacePeriod(100L, 5L);
    assertEquals(
        List.of("budget_exceeded 100 0 5"),
        outcome(List.of(argument(UUID.randomUUID(), "key-3", org, org, "00ff"))));
    assertNothingWritten();
  }

  @Test
  void aMissingPeriodIsOpenedWithThePlansGrant() throws SQLException {
    replacePeriod(null, null);
    assertEquals("accepted", accept(UUID.randomUUID(), null));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(List.of("9990 10"), balance(admin));
    }
  }

  @Test
  void withoutItsOrgsProofOrWithAnotherOrgsAuditEntryTheDatabaseRefusesAndNothingCommits()
      throws SQLException {
    UUID other = newOrg("other");
    String noProof =
        argument(UUID.randomUUID(), null, org, org, "00ff")
            .replaceFirst("\"proof\":\"[0-9a-f]+\",", "");
    String othersProof =
        argument(UUID.randomUUID(), null, org, org, "00ff").replace(proof(org), proof(other));
    String othersAudit = argument(UUID.randomUUID(), "key-4", UUID.randomUUID(), org, "00ff");
    for (String refused : List.of(noProof, othersProof, othersAudit)) {
      try (Connection app = TestDatabase.asApp()) {
        app.setAutoCommit(false);
        assertThrows(SQLException.class, () -> call(app, List.of(refused)), refused);
        app.rollback();
      }
    }
    assertNothingWritten();
  }

  @Test
  void aBatchBindsEachAcceptToItsOrgAndAnswersEachByItsRun() throws SQLException {
    UUID other = newOrg("other");
    UUID first = UUID.randomUUID();
    UUID duplicate = UUID.randomUUID();
    UUID ofOther = UUID.randomUUID();
    assertEquals(
        List.of(first + " accepted", duplicate + " replay", ofOther + " accepted"),
        call(
            List.of(
                argument(first, "key-5", org, org, "00ff"),
                argument(duplicate, "key-5", org, org, "00ff"),
                argument(ofOther, null, other, other, "00ff")),
            "run_id || ' ' || reason"));
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(List.of("90 10"), balance(admin));
      assertEquals(1, count(admin, "agent_runs WHERE id = '" + first + "'"));
      assertEquals(0, count(admin, "agent_runs WHERE id = '" + duplicate + "'"));
      assertEquals(
          List.of(ofOther.toString()),
          Catalog.strings(admin, "SELECT id::text FROM agent_runs WHERE org_id = '" + other + "'"));
      assertEquals(
          1, Catalog.count(admin, "SELECT count(*) FROM audit_log WHERE org_id = '" + other + "'"));
    }
  }

  @Test
  void oneBrokenAcceptFailsItsWholeBatch() throws SQLException {
    List<String> batch =
        List.of(
            argument(UUID.randomUUID(), null, org, org, "00ff"),
            argument(UUID.randomUUID(), null, org, org, "00ff")
                .replace("\"price\":10", "\"price\":0"));
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      assertThrows(SQLException.class, () -> call(app, batch));
      app.rollback();
    }
    assertNothingWritten();
  }

  // ----- helpers -------------------------------------------------------------------------------

  private static UUID newOrg(String name) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin()) {
      admin
          .createStatement()
          .execute(
              "INSERT INTO organizations (id, name, plan) VALUES ('"
                  + id
                  + "', '"
                  + name
                  + "', 'pro')");
    }
    return id;
  }

  /** The one accept's reason, committed. */
  private String accept(UUID run, String idempotencyKey) throws SQLException {
    return call(List.of(argument(run, idempotencyKey, org, org, "00ff")), "reason").get(0);
  }

  /** Each accept's reason and what it carries, committed. */
  private List<String> outcome(List<String> accepts) throws SQLException {
    return call(
        accepts,
        "concat_ws(' ', reason, resource_id, response_body, balance, used,"
            + " CASE WHEN reason IN ('insufficient_credits', 'budget_exceeded')"
            + " THEN coalesce(budget::text, 'null') END)");
  }

  private static List<String> call(List<String> accepts, String column) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      List<String> result = call(app, accepts, column);
      app.commit();
      return result;
    }
  }

  private static List<String> call(Connection app, List<String> accepts) throws SQLException {
    return call(app, accepts, "reason");
  }

  private static List<String> call(Connection app, List<String> accepts, String column)
      throws SQLException {
    try (PreparedStatement call =
        app.prepareStatement("SELECT " + column + " FROM eclips_accept_runs(CAST(? AS jsonb))")) {
      call.setString(1, "[" + String.join(",", accepts) + "]");
      List<String> rows = new ArrayList<>();
      try (ResultSet result = call.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
      return rows;
    }
  }

  private static String proof(UUID org) {
    try {
      return TestDatabase.proofOf(org);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String argument(
      UUID run, String idempotencyKey, UUID auditOrg, UUID runOrg, String requestHash) {
    String at = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    String idempotency =
        idempotencyKey == null
            ? "null"
            : "{\"scope\":\"live\",\"key\":\""
                + idempotencyKey
                + "\",\"request_hash\":\""
                + requestHash
                + "\",\"response_body\":\"{\\\"id\\\":\\\""
                + run
                + "\\\"}\"}";
    return "{\"org\":\""
        + runOrg
        + "\",\"proof\":\""
        + proof(runOrg)
        + "\",\"price\":"
        + PRICE
        + ",\"run\":{\"id\":\""
        + run
        + "\",\"agent_type\":\"invoice_processor\",\"livemode\":true,\"input\":{\"vendor\":\"ACME\"},"
        + "\"created_at\":\""
        + at
        + "\"},\"idempotency\":"
        + idempotency
        + ",\"audit\":[{\"org\":\""
        + auditOrg
        + "\",\"rows\":[{\"id\":\""
        + UUID.randomUUID()
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
