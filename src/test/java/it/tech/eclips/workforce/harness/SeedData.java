package it.tech.eclips.workforce.harness;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One row in every org-scoped table for a new org, written as the superuser (which RLS does not
 * bind). {@link #TABLES} must name every table the catalog calls org-scoped; the catalog test
 * checks that.
 */
public final class SeedData {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Table -> INSERT with (org_id, id) as its first two parameters. */
  public static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put(
        "api_keys",
        "INSERT INTO api_keys (org_id, id, name, mode, digest, hint, scopes) VALUES (?, ?, 'seed', 'test', ?, 'eck_test_…seed', 'runs:read')");
    TABLES.put(
        "api_key_digests", "INSERT INTO api_key_digests (org_id, key_id, digest) VALUES (?, ?, ?)");
    TABLES.put(
        "documents",
        "INSERT INTO documents (org_id, id, name, content_type, livemode, size_bytes, sha256) VALUES (?, ?, 'a.txt', 'text/plain', false, 1, ?)");
    TABLES.put(
        "document_chunks",
        "INSERT INTO document_chunks (org_id, document_id, seq, bytes) VALUES (?, ?, 0, 'x')");
    TABLES.put(
        "agent_runs",
        "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input) VALUES (?, ?, 'document_classifier', 'queued', false, '{}')");
    TABLES.put(
        "triage_items",
        "INSERT INTO triage_items (org_id, id, run_id, agent_type, status) VALUES (?, ?, ?, 'document_classifier', 'open')");
    TABLES.put(
        "agent_trust_profiles",
        "INSERT INTO agent_trust_profiles (org_id, id, livemode, agent_type) VALUES (?, ?, true, 'document_classifier')");
    TABLES.put(
        "agent_circuit_breakers",
        "INSERT INTO agent_circuit_breakers (org_id, id, livemode, agent_type) VALUES (?, ?, true, 'document_classifier')");
    TABLES.put(
        "credit_usage_periods",
        "INSERT INTO credit_usage_periods (org_id, id, period_start, granted) VALUES (?, ?, date_trunc('month', now())::date, 1000)");
    TABLES.put(
        "credit_ledger",
        "INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start) VALUES (?, ?, 'grant', 1000, date_trunc('month', now())::date)");
    TABLES.put(
        "credit_grant_authorizations",
        "INSERT INTO credit_grant_authorizations (org_id, id, amount, reason) VALUES (?, ?, 1, 'seed')");
    TABLES.put(
        "audit_log",
        "INSERT INTO audit_log (org_id, id, seq, actor_type, actor_id, action, outcome, hash) VALUES (?, ?, 1, 'system', 'seed', 'seed', 'allowed', ?)");
    TABLES.put(
        "audit_anchors",
        "INSERT INTO audit_anchors (org_id, id, through_seq, hash) VALUES (?, ?, 0, ?)");
    TABLES.put("org_settings", "INSERT INTO org_settings (org_id, id) VALUES (?, ?)");
    TABLES.put("key_change_events", "INSERT INTO key_change_events (org_id, id) VALUES (?, ?)");
    TABLES.put(
        "events",
        "INSERT INTO events (org_id, id, livemode, type, data) VALUES (?, ?, true, 'document.deleted', '{\"object\": \"document\"}')");
    TABLES.put(
        "idempotency_keys",
        "INSERT INTO idempotency_keys (org_id, id, scope, idem_key, request_hash, expires_at) VALUES (?, ?, 'live', 'seed', ?, now() + interval '1 day')");
    TABLES.put(
        "webhook_endpoints",
        "INSERT INTO webhook_endpoints (org_id, id, livemode, url, event_types, secret_sealed) VALUES (?, ?, true, 'https://hooks.example.com/seed', 'agent_run.succeeded', ?)");
    // issue 25: the signed checkpoints (V33; the "id" is its key_id), the usage rollup (V34)
    TABLES.put(
        "audit_checkpoints",
        "INSERT INTO audit_checkpoints (org_id, key_id, hash, seq, checkpointed_at, signature) VALUES (?, CAST(? AS text), ?, 1, now(), '\\x00')");
    TABLES.put(
        "api_key_usage",
        "INSERT INTO api_key_usage (org_id, key_id, hour, route_class, last_at) VALUES (?, ?, date_trunc('hour', now()), 'runs:read', now())");
    TABLES.put(
        "api_key_usage_alerts",
        "INSERT INTO api_key_usage_alerts (org_id, key_id, hour, kind) VALUES (?, ?, date_trunc('hour', now()), 'denials')");
    TABLES.put(
        "webhook_deliveries",
        "INSERT INTO webhook_deliveries (org_id, id, endpoint_id, event_id, event_seq)"
            + " SELECT ?, ?, w.id, e.id, e.seq FROM webhook_endpoints w JOIN events e"
            + " ON e.org_id = w.org_id WHERE w.org_id = ?");
  }

  private SeedData() {}

  /** Creates an org with one row in every org-scoped table; returns table -> that row's id. */
  public static Map<String, UUID> newOrg(Connection admin, String plan) throws SQLException {
    UUID org = UUID.randomUUID();
    try (PreparedStatement insert =
        admin.prepareStatement("INSERT INTO organizations (id, name, plan) VALUES (?, ?, ?)")) {
      insert.setObject(1, org);
      insert.setString(2, "seed " + org);
      insert.setString(3, plan);
      insert.executeUpdate();
    }
    Map<String, UUID> ids = new LinkedHashMap<>();
    ids.put("organizations", org);
    byte[] keyDigest = randomDigest();
    for (Map.Entry<String, String> table : TABLES.entrySet()) {
      UUID id = ownerOf(table.getKey()).map(ids::get).orElseGet(UUID::randomUUID);
      try (PreparedStatement insert = admin.prepareStatement(table.getValue())) {
        insert.setObject(1, org);
        insert.setObject(2, id);
        if (insert.getParameterMetaData().getParameterCount() == 3) {
          insert.setObject(3, thirdParameter(table.getKey(), ids, keyDigest));
        }
        insert.executeUpdate();
      }
      ids.put(table.getKey(), id);
    }
    return ids;
  }

  /**
   * Rows keyed by another table's row: the digest row points at the seeded key (so the key-lookup
   * gate can resolve it), the chunk at the seeded document.
   */
  private static java.util.Optional<String> ownerOf(String table) {
    return switch (table) {
      case "api_key_digests" -> java.util.Optional.of("api_keys");
      case "document_chunks" -> java.util.Optional.of("documents");
      default -> java.util.Optional.empty();
    };
  }

  private static Object thirdParameter(String table, Map<String, UUID> ids, byte[] keyDigest) {
    return switch (table) {
      case "triage_items" -> ids.get("agent_runs");
      case "webhook_deliveries" -> ids.get("organizations");
      case "api_keys", "api_key_digests" -> keyDigest;
      default -> randomDigest();
    };
  }

  /** The seeded key's digest, for tests of the key-lookup gate. */
  public static byte[] randomDigest() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    return digest;
  }
}
