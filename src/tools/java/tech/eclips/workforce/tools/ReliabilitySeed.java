package tech.eclips.workforce.tools;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.keys.control.KeyMint;
import tech.eclips.workforce.keys.control.MintedKey;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * The orgs the fault run drives, written by SQL as the administrator: enterprise orgs (no plan
 * gate, and a raised rate limit in the server's config) with a live and a test key each, and trust
 * pinned to autonomous so results do not wait for a reviewer. Keys stay in memory; only digests are
 * stored.
 */
final class ReliabilitySeed {

  /** An org of the run; {@code credits} is its opening balance. */
  record Org(String label, UUID id, long credits, String liveKey, String testKey) {
    @Override
    public String toString() {
      return label + " (" + id + ")";
    }
  }

  private static final List<String> AGENT_TYPES =
      List.of("invoice_processor", "document_classifier");

  private ReliabilitySeed() {}

  /** Two orgs with credits to spare and one ({@code lean}) whose balance runs out: the 402 path. */
  static List<Org> seed(Connection admin, long leanCredits) throws SQLException {
    return List.of(
        org(admin, "ample-1", 1_000_000_000L),
        org(admin, "ample-2", 1_000_000_000L),
        org(admin, "lean", leanCredits));
  }

  private static Org org(Connection admin, String label, long credits) throws SQLException {
    UUID id = UUID.randomUUID();
    boolean autoCommit = admin.getAutoCommit();
    admin.setAutoCommit(false);
    try {
      update(
          admin,
          "INSERT INTO organizations (id, name, plan) VALUES (?, ?, 'enterprise')",
          id,
          "reliability " + label);
      update(
          admin,
          "INSERT INTO credit_usage_periods (org_id, id, period_start, granted, balance)"
              + " VALUES (?, gen_random_uuid(), date_trunc('month', now() AT TIME ZONE 'UTC')::date, ?, ?)",
          id,
          credits,
          credits);
      update(
          admin,
          "INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start, reason)"
              + " VALUES (?, gen_random_uuid(), 'grant', ?, date_trunc('month', now() AT TIME ZONE 'UTC')::date,"
              + " 'reliability run')",
          id,
          credits);
      for (String agentType : AGENT_TYPES) {
        update(
            admin,
            // both modes: trust profiles are per (org, mode, agent type) since V17
            "INSERT INTO agent_trust_profiles (org_id, id, livemode, agent_type, level, pinned)"
                + " SELECT ?, gen_random_uuid(), m, ?, 'autonomous', true"
                + " FROM unnest(ARRAY[true, false]) AS m",
            id,
            agentType);
      }
      Org org =
          new Org(label, id, credits, key(admin, id, KeyMode.LIVE), key(admin, id, KeyMode.TEST));
      admin.commit();
      return org;
    } catch (SQLException | RuntimeException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(autoCommit);
    }
  }

  private static String key(Connection admin, UUID org, KeyMode mode) throws SQLException {
    MintedKey minted = new KeyMint().mint(mode);
    UUID keyId = UUID.randomUUID();
    update(
        admin,
        "INSERT INTO api_keys (org_id, id, name, mode, digest, hint, scopes)"
            + " VALUES (?, ?, 'reliability', ?, ?, ?, 'runs:read runs:write credits:read')",
        org,
        keyId,
        mode.code(),
        minted.digest(),
        minted.hint());
    update(
        admin,
        "INSERT INTO api_key_digests (digest, org_id, key_id) VALUES (?, ?, ?)",
        minted.digest(),
        org,
        keyId);
    return minted.plaintext();
  }

  private static void update(Connection admin, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }
}
