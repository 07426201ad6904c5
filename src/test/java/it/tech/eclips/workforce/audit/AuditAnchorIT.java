package it.tech.eclips.workforce.audit;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.audit.control.AuditChain;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.tools.AuditVerify;

/**
 * An audit chain anchored outside the database (issue 25, part 5): the server signs each org's
 * chain head at intervals; an anchored export verifies offline ({@link AuditVerify}, no server, no
 * database) under the pinned public key. Then the database's owner (the PostgreSQL superuser here)
 * rewrites or truncates the log, relinking every hash and deleting the checkpoint rows: the
 * verifier, given the checkpoints of the earlier export, fails. A forged checkpoint row fails too.
 */
@ExtendWith(Deployments.class)
class AuditAnchorIT {

  /** The public half of AuditSigningKey's DEV-ONLY key, pinned here independently of the server. */
  private static final String DEV_PUBLIC_KEY =
      "MCowBQYDK2VwAyEA1NeMynl0ZlT9JroqT9FKtSVYfZa4hu7BNZl4nkZQFyA=";

  @Test
  void aCheckpointedExportVerifiesOfflineAndARewriteAfterItDoesNot() throws SQLException {
    UUID org = orgWithHistory();
    List<String> before = export(org);
    AuditVerify.Report valid = AuditVerify.verify(before, List.of(), List.of(DEV_PUBLIC_KEY));
    assertTrue(valid.valid(), valid::toString);
    assertTrue(valid.checkpoints() >= 1, valid::toString);
    JsonObject trailer = json(before.get(before.size() - 1));
    assertEquals(DEV_PUBLIC_KEY, trailer.getString("public_key"));

    // the database's owner changes entry 2, relinks the whole chain and removes the checkpoints
    rewrite(
        org, "UPDATE audit_log SET client_address = '203.0.113.66' WHERE org_id = ? AND seq = 2");
    List<String> after = export(org);
    AuditVerify.Report rewritten = AuditVerify.verify(after, before, List.of(DEV_PUBLIC_KEY));
    assertFalse(rewritten.valid(), rewritten::toString);
    assertTrue(
        rewritten.failures().stream().anyMatch(f -> f.startsWith("rewritten: entry ")),
        rewritten::toString);
    // the chain itself is consistent again: only the kept signatures tell
    assertTrue(Api.verifyAudit(org.toString()).getBoolean("valid"));
  }

  @Test
  void aTruncationAfterACheckpointIsCaught() throws SQLException {
    UUID org = orgWithHistory();
    List<String> before = export(org);
    long checkpointed =
        before.stream()
            .map(AuditAnchorIT::json)
            .filter(l -> "audit_checkpoint".equals(l.getString("object")))
            .mapToLong(l -> l.getJsonNumber("seq").longValue())
            .max()
            .orElse(0);
    assertTrue(checkpointed >= 4, () -> "checkpointed at " + checkpointed);
    // everything after entry 1 goes, checkpoints too; the next export's own entry becomes seq 2
    rewrite(org, "DELETE FROM audit_log WHERE org_id = ? AND seq > 1");
    List<String> after = export(org);
    AuditVerify.Report report = AuditVerify.verify(after, before, List.of(DEV_PUBLIC_KEY));
    assertFalse(report.valid(), report::toString);
    assertTrue(
        report.failures().stream()
            .anyMatch(f -> f.startsWith("truncated: checkpoint at seq " + checkpointed)),
        report::toString);
  }

  @Test
  void aForgedCheckpointRowIsNotTrustedAndTheExportIsRefusedFiltered() throws SQLException {
    UUID org = orgWithHistory();
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement forge =
            admin.prepareStatement(
                "INSERT INTO audit_checkpoints (org_id, seq, hash, checkpointed_at, key_id, signature)"
                    + " SELECT org_id, seq + 1000, hash, now(), 'forged', '\\x00'"
                    + " FROM audit_log WHERE org_id = ? ORDER BY seq DESC LIMIT 1")) {
      forge.setObject(1, org);
      assertEquals(1, forge.executeUpdate());
    }
    AuditVerify.Report report = AuditVerify.verify(export(org), List.of(), List.of(DEV_PUBLIC_KEY));
    assertFalse(report.valid(), report::toString);
    assertTrue(
        report.failures().stream().anyMatch(f -> f.contains("not signed by a trusted key")),
        report::toString);
    String admin = Api.orgToken(org.toString(), "org_admin");
    get("/console/v1/audit-log/export?checkpoints=true&format=csv", bearer(admin)).expect(400);
    get("/console/v1/audit-log/export?checkpoints=true&action=x", bearer(admin)).expect(400);
    get("/console/v1/audit-log/export?checkpoints=yes", bearer(admin)).expect(400);
  }

  // --- set-up and the attacker's moves -------------------------------------------------------

  /** A new org with a few console entries, once the server has signed its head. */
  private static UUID orgWithHistory() throws SQLException {
    String org = Api.newOrg("team");
    String admin = Api.orgToken(org, "org_admin");
    for (int i = 0; i < 4; i++) {
      get("/console/v1/audit-log?limit=1", bearer(admin)).expect(200);
    }
    Api.verifyAudit(org);
    UUID id = UUID.fromString(org);
    long head = scalar("SELECT max(seq) FROM audit_log WHERE org_id = ?", id);
    await("a signed checkpoint of the head")
        .atMost(Duration.ofSeconds(30))
        .until(() -> newestCheckpoint(id) >= head);
    return id;
  }

  private static List<String> export(UUID org) {
    return get(
            "/console/v1/audit-log/export?checkpoints=true",
            bearer(Api.orgToken(org.toString(), "org_admin")))
        .expect(200)
        .body()
        .lines()
        .toList();
  }

  private static JsonObject json(String line) {
    return Json.createReader(new StringReader(line)).readObject();
  }

  private static long newestCheckpoint(UUID org) throws SQLException {
    return scalar("SELECT COALESCE(max(seq), 0) FROM audit_checkpoints WHERE org_id = ?", org);
  }

  private static long scalar(String query, UUID org) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement sql = admin.prepareStatement(query)) {
      sql.setObject(1, org);
      try (ResultSet row = sql.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * As the superuser, in one transaction: the change, every hash recomputed with the chain's own
   * definition, and the org's checkpoint rows deleted, so the database holds a consistent log and
   * nothing that contradicts it.
   */
  private static void rewrite(UUID org, String change) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin()) {
      admin.setAutoCommit(false);
      try (PreparedStatement sql = admin.prepareStatement(change)) {
        sql.setObject(1, org);
        sql.executeUpdate();
      }
      try (PreparedStatement sql =
          admin.prepareStatement("DELETE FROM audit_checkpoints WHERE org_id = ?")) {
        sql.setObject(1, org);
        sql.executeUpdate();
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
