package tech.eclips.workforce.tools.noisy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Gives the attacker's org a long audit log, so that verify, export and filtered queries cost what
 * they cost a real org after months of use. Written through the chain function the application uses
 * ({@code eclips_append_audit}), with the time in the application's own form, so the chain is
 * intact and a verify walks all of it.
 */
public final class AuditSeed {

  /** Entries: a few weeks of a small org's API use. */
  public static final int ENTRIES = 20_000;

  private AuditSeed() {}

  /**
   * {@code database}: a connection that may obtain a tenant binding proof (the admin's) and call
   * the chain function.
   */
  public static void seed(Connection database, String org) throws SQLException {
    boolean autoCommit = database.getAutoCommit();
    database.setAutoCommit(false);
    try (Statement tenant = database.createStatement();
        PreparedStatement append =
            database.prepareStatement(
                "SELECT eclips_append_audit(jsonb_build_array(jsonb_build_object('org', ?::text,"
                    + " 'rows', (SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid(),"
                    + " 'at', ?::text, 'actor_type', 'api_key', 'actor_id', 'seed', 'action',"
                    + " 'agent_run.created', 'resource_type', 'agent_run', 'outcome', 'allowed',"
                    + " 'occurrences', 1)) FROM generate_series(1, ?)))))")) {
      // bound as the application binds (V22); the proof is asked of the database, which only a
      // connection allowed to call the platform's proof function (the admin's here) may do
      UUID id = UUID.fromString(org);
      tenant.execute(
          "SELECT eclips_enter_org('" + id + "', eclips_gate.tenant_binding_proof('" + id + "'))");
      append.setString(1, org);
      append.setString(2, Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
      append.setInt(3, ENTRIES);
      append.execute();
      database.commit();
    } catch (SQLException e) {
      database.rollback();
      throw e;
    } finally {
      database.setAutoCommit(autoCommit);
    }
  }
}
