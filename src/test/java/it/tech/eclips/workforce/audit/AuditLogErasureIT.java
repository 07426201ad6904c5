package it.tech.eclips.workforce.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.SqlOutcome;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.audit.control.AuditChain;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.tools.DatabaseSettings;

/**
 * Every trick the app role's password allows against the audit log (issue 20, CONTRACT §9):
 * backdated, future-dated and forged entries, an old entry after recent ones, direct deletes, then
 * the purge. Each leaves every entry inside retention in place and the chain verifying, as the
 * console's verify call reports it. The attacker here is a JDBC connection as the app role bound to
 * its org, exactly what the application's own connections can do.
 */
@ExtendWith(Deployments.class)
class AuditLogErasureIT {

  private static final String YEAR_1970 = "1970-01-01T00:00:00Z";

  @Test
  void anEntryDated1970ThenThePurgeErasesNothing() throws SQLException {
    UUID org = history("team", 3);
    appendAsApp(org, row("{\"at\":\"" + YEAR_1970 + "\"}"));
    assertEquals(0, purgeAsApp(org), "the purge removed entries inside retention");
    assertEquals(4, entries(org));
    assertEquals(
        0, scalar("SELECT count(*) FROM audit_log WHERE org_id = ? AND occurred_at" + RECENT, org));
    assertVerifies(org, 4, null);
  }

  @Test
  void aFutureDatedEntryIsStampedWithTheDatabasesTime() throws SQLException {
    UUID org = history("team", 2);
    appendAsApp(
        org, row("{\"at\":\"3000-01-01T00:00:00Z\",\"occurred_at\":\"3000-01-01T00:00:00Z\"}"));
    assertEquals(
        0, scalar("SELECT count(*) FROM audit_log WHERE org_id = ? AND occurred_at" + RECENT, org));
    assertEquals(0, purgeAsApp(org));
    assertVerifies(org, 3, null);
  }

  @Test
  void forgedSeqAndHashesInTheBatchAreIgnored() throws SQLException {
    UUID org = history("team", 2);
    appendAsApp(
        org,
        row(
            "{\"seq\":1,\"prev_hash\":null,\"hash\":\"\\\\x00\",\"org_id\":\""
                + UUID.randomUUID()
                + "\",\"at\":\""
                + YEAR_1970
                + "\"}"));
    assertEquals(
        List.of("1", "2", "3"),
        strings("SELECT seq::text FROM audit_log WHERE org_id = ? ORDER BY seq", org));
    assertEquals(0, purgeAsApp(org));
    assertVerifies(org, 3, null);
  }

  /**
   * Entries 1–2 are past the team plan's 90 days, 3–4 recent, 5 claims to be old (as an entry the
   * application stamped itself before the database did, or a clock stepped back, could), 6 recent.
   * The purge takes 1–2 only: the entry that claims to be old never pulls 3 and 4 with it.
   */
  @Test
  void anOldEntryAfterRecentOnesPullsNothingWithIt() throws SQLException {
    UUID org = history("team", 6);
    backdate(org, "seq IN (1, 2, 5)", "100 days");
    assertEquals(2, purgeAsApp(org));
    assertEquals(
        List.of("3", "4", "5", "6"),
        strings("SELECT seq::text FROM audit_log WHERE org_id = ? ORDER BY seq", org));
    assertEquals(0, purgeAsApp(org), "a second purge takes nothing more");
    assertVerifies(org, 4, 2L);
  }

  @Test
  void aLogWhollyPastRetentionIsPurgedAndSaysSo() throws SQLException {
    UUID org = history("team", 3);
    backdate(org, "true", "100 days");
    assertEquals(3, purgeAsApp(org));
    assertVerifies(org, 0, 3L);
  }

  @Test
  void theAppRoleCannotDeleteUpdateOrTruncateAuditRows() throws SQLException {
    UUID org = history("team", 3);
    List<String> attempts =
        List.of(
            "DELETE FROM audit_log",
            "UPDATE audit_log SET occurred_at = '" + YEAR_1970 + "'",
            "UPDATE audit_log SET seq = seq + 1000",
            "TRUNCATE audit_log",
            "DELETE FROM audit_anchors",
            "INSERT INTO audit_anchors (org_id, id, through_seq, hash) VALUES ('"
                + org
                + "', gen_random_uuid(), 3, '\\x00')",
            "SET ROLE " + DatabaseSettings.AUDIT_WRITER_ROLE,
            "SET ROLE " + DatabaseSettings.RETENTION_ROLE);
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      for (String attempt : attempts) {
        SqlOutcome outcome = SqlOutcome.update(app, attempt);
        assertTrue(outcome.sqlState() != null, () -> attempt + " was allowed: " + outcome);
      }
      app.commit();
    }
    assertEquals(3, entries(org));
    assertVerifies(org, 3, null);
    try (Connection admin = TestDatabase.asAdmin()) {
      assertEquals(
          List.of(),
          Catalog.strings(
              admin,
              "SELECT DISTINCT r.rolname FROM pg_roles r"
                  + " CROSS JOIN unnest(array['audit_log', 'audit_anchors']) t"
                  + " CROSS JOIN unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p"
                  + " WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname <> '"
                  + TestDatabase.settings().owner().user()
                  + "' AND has_table_privilege(r.oid, t, p)"),
          "only NOLOGIN roles behind the chain function and the purge may write audit rows");
    }
  }

  /**
   * Appenders race on one org: the chain lock serialises them and each takes the database's clock
   * once it holds the lock, so time never goes back along seq.
   */
  @Test
  void concurrentAppendersStampTimesInSeqOrder() throws Exception {
    UUID org = history("team", 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> appends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      appends.add(
          pool.submit(
              () -> {
                appendAsApp(org, row("{\"at\":\"" + Instant.now().minusSeconds(30) + "\"}"));
                return null;
              }));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    for (Future<?> append : appends) {
      append.get();
    }
    assertEquals(
        0,
        scalar(
            "SELECT count(*) FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY seq) AS back"
                + " FROM audit_log WHERE org_id = ?) t WHERE back",
            org));
    assertVerifies(org, 41, null);
  }

  /**
   * The hash covers the time as Java writes an instant, which the database now writes itself: the
   * two must agree to the character for every fraction, in any session time zone.
   */
  @Test
  void theDatabaseWritesTheHashedTimeAsTheVerifierDoes() throws SQLException {
    List<Instant> instants =
        List.of(
            Instant.parse("2026-12-05T22:04:24Z"),
            Instant.parse("2026-12-05T22:04:24.120Z"),
            Instant.parse("2026-12-05T22:04:24.123400Z"),
            Instant.parse("2026-12-05T22:04:24.000001Z"),
            Instant.parse("2026-03-29T01:30:00.999999Z"));
    try (Connection admin = TestDatabase.asAdmin()) {
      admin.createStatement().execute("SET TimeZone = 'America/St_Johns'");
      for (Instant at : instants) {
        try (PreparedStatement text = admin.prepareStatement("SELECT eclips_audit_time_text(?)")) {
          text.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
          try (ResultSet row = text.executeQuery()) {
            row.next();
            assertEquals(at.toString(), row.getString(1));
          }
        }
      }
    }
  }

  // --- the attacker's moves, as the app role -------------------------------------------------

  private static final String RECENT =
      " NOT BETWEEN now() - interval '10 minutes' AND now() + interval '1 minute'";

  /**
   * A new org (through the platform function, so that no entry of the platform API's own precedes
   * the test's) with {@code entries} ordinary entries, appended as the application would.
   */
  private static UUID history(String plan, int entries) throws SQLException {
    UUID org = UUID.randomUUID();
    try (Connection platform = TestDatabase.asPlatform()) {
      Catalog.count(
          platform,
          "SELECT count(*) FROM eclips_gate.platform_create_org('"
              + org
              + "', 'erasure', '"
              + plan
              + "')");
    }
    for (int i = 0; i < entries; i++) {
      appendAsApp(org, row("{\"at\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}"));
    }
    assertEquals(entries, entries(org));
    return org;
  }

  /** One entry; {@code extra} holds the fields an attacker adds ({@code {}} for none). */
  private static String row(String extra) {
    String base =
        "\"id\":\""
            + UUID.randomUUID()
            + "\",\"actor_type\":\"user\",\"actor_id\":\"mallory\","
            + "\"action\":\"trick\",\"outcome\":\"allowed\",\"occurrences\":1";
    return extra.equals("{}") ? "{" + base + "}" : extra.replaceFirst("^\\{", "{" + base + ",");
  }

  private static void appendAsApp(UUID org, String row) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      try (PreparedStatement append =
          app.prepareStatement("SELECT eclips_append_audit(CAST(? AS jsonb))")) {
        append.setString(1, "[{\"org\":\"" + org + "\",\"rows\":[" + row + "]}]");
        append.executeQuery().close();
      }
      app.commit();
    }
  }

  private static long purgeAsApp(UUID org) throws SQLException {
    try (Connection app = TestDatabase.asApp()) {
      app.setAutoCommit(false);
      TestDatabase.enterTenant(app, org);
      long purged = Catalog.count(app, "SELECT eclips_gate.purge_audit_log()");
      app.commit();
      return purged;
    }
  }

  // --- what the database and the console say afterwards -------------------------------------

  /**
   * {@code checked}: the entries the test left; the verification adds its own ({@code
   * audit_log.verified}, written before its walk), which it checks too.
   */
  private static void assertVerifies(UUID org, long checked, Long anchoredAfter) {
    JsonObject verified = Api.verifyAudit(org.toString());
    assertTrue(verified.getBoolean("valid"), verified::toString);
    assertEquals(
        checked + 1, verified.getJsonNumber("entries_checked").longValue(), verified::toString);
    if (anchoredAfter == null) {
      assertTrue(
          !verified.containsKey("anchored_after_seq") || verified.isNull("anchored_after_seq"),
          verified::toString);
    } else {
      assertEquals(anchoredAfter, verified.getJsonNumber("anchored_after_seq").longValue());
    }
  }

  private static long entries(UUID org) throws SQLException {
    return scalar("SELECT count(*) FROM audit_log WHERE org_id = ?", org);
  }

  private static long scalar(String query, UUID org) throws SQLException {
    return Long.parseLong(strings(query, org).get(0));
  }

  private static List<String> strings(String query, UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement sql = admin.prepareStatement(query)) {
      sql.setObject(1, org);
      List<String> values = new ArrayList<>();
      try (ResultSet rows = sql.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    }
  }

  /**
   * Behind the application (as the superuser): moves entries back in time and links the whole chain
   * again with the verifier's own definition, as if they had been written that long ago with valid
   * hashes. Only the owner of the database can do this; it stands for time passing.
   */
  private static void backdate(UUID org, String which, String age) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      admin.setAutoCommit(false);
      try (PreparedStatement older =
          admin.prepareStatement(
              "UPDATE audit_log SET occurred_at = occurred_at - CAST(? AS interval)"
                  + " WHERE org_id = ? AND "
                  + which)) {
        older.setString(1, age);
        older.setObject(2, org);
        older.executeUpdate();
      }
      relink(admin, org);
      admin.commit();
    }
  }

  private static void relink(Connection admin, UUID org) throws SQLException {
    byte[] prev = null;
    try (PreparedStatement read =
            admin.prepareStatement(
                "SELECT seq, occurred_at, actor_type, actor_id, actor_hint, action, resource_type,"
                    + " resource_id, outcome, code, request_id, client_address, user_agent,"
                    + " occurrences FROM audit_log WHERE org_id = ? ORDER BY seq");
        PreparedStatement write =
            admin.prepareStatement(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE org_id = ? AND seq = ?")) {
      read.setObject(1, org);
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          long seq = rows.getLong(1);
          Instant at = rows.getObject(2, OffsetDateTime.class).toInstant();
          AuditEvent event =
              new AuditEvent(
                  ActorType.fromCode(rows.getString(3)).orElseThrow(),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getString(8),
                  AuditOutcome.fromCode(rows.getString(9)).orElseThrow(),
                  rows.getString(10),
                  rows.getString(11),
                  rows.getString(12),
                  rows.getString(13),
                  rows.getInt(14));
          byte[] hash = AuditChain.link(prev, seq, at, event);
          write.setBytes(1, prev);
          write.setBytes(2, hash);
          write.setObject(3, org);
          write.setLong(4, seq);
          write.executeUpdate();
          prev = hash;
        }
      }
    }
  }
}
