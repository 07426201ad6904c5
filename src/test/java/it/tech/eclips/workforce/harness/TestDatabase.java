package it.tech.eclips.workforce.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.DatabaseSettings.Credentials;

/** Direct JDBC access to the integration-test database, as each of its roles. Test JVM only. */
public final class TestDatabase {

  private static volatile DatabaseSettings settings;

  private TestDatabase() {}

  static void use(DatabaseSettings provisioned) {
    settings = provisioned;
  }

  public static DatabaseSettings settings() {
    return Objects.requireNonNull(
        settings, "no test database: run through 'mvn verify' (failsafe)");
  }

  /** As the application's role: subject to RLS, owns nothing. */
  public static Connection asApp() throws SQLException {
    return connect(settings().app());
  }

  /** As the platform jobs' role: may call the platform functions and nothing else. */
  public static Connection asPlatform() throws SQLException {
    return connect(settings().platform());
  }

  /** As the superuser, which bypasses RLS: for seeding and for looking behind the application. */
  public static Connection asAdmin() throws SQLException {
    return connect(settings().admin());
  }

  private static Connection connect(Credentials who) throws SQLException {
    return DriverManager.getConnection(settings().jdbcUrl(), who.user(), who.password());
  }

  /**
   * Binds the connection's current transaction to an org exactly as the application does: with the
   * org's proof, which only the platform role can obtain (V22).
   */
  public static void enterTenant(Connection connection, Object orgId) throws SQLException {
    UUID org = UUID.fromString(orgId.toString());
    try (PreparedStatement enter = connection.prepareStatement("SELECT eclips_enter_org(?, ?)")) {
      enter.setObject(1, org);
      enter.setString(2, proofOf(org));
      enter.executeQuery().close();
    }
  }

  /** The org's binding proof, as the application's platform connection obtains it. */
  public static String proofOf(Object orgId) throws SQLException {
    try (Connection platform = asPlatform();
        PreparedStatement proof =
            platform.prepareStatement("SELECT eclips_gate.tenant_binding_proof(?)")) {
      proof.setObject(1, UUID.fromString(orgId.toString()));
      try (ResultSet row = proof.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
