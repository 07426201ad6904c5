package it.tech.eclips.workforce.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.TestDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tools.DatabaseBootstrap;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.DatabaseSettings.Credentials;

/**
 * The bootstrap sets role passwords without ever putting one into SQL text, where the server's
 * statement log, {@code pg_stat_statements} and {@code pg_stat_activity} would keep it. Roles are
 * cluster-wide and the harness's own have empty passwords (local trust), so the password goes to a
 * probe role of this test's own (in the platform role's place) and a database of its own; both are
 * dropped afterwards. Every SQL text the bootstrap sends is captured through its listener.
 */
class BootstrapPasswordsIT {

  @Test
  void rolePasswordsLeaveOnlyAsScramVerifiers() throws SQLException {
    DatabaseSettings cluster = TestDatabase.settings();
    String tag = random(4);
    // a quote, which SQL text would have doubled: the check looks for the part no escaping changes
    String secret = random(16);
    String password = "Pw'" + secret;
    Credentials probe = new Credentials("eclips_probe_" + tag, password);
    DatabaseSettings db =
        new DatabaseSettings(
            cluster.host(),
            cluster.port(),
            "eclips_probe_" + tag,
            cluster.admin(),
            cluster.owner(),
            cluster.app(),
            probe,
            cluster.poolMax(),
            cluster.sslMode());
    List<String> sent = new ArrayList<>();
    try {
      DatabaseBootstrap.prepare(db, true, sent::add);

      assertTrue(
          sent.stream().anyMatch(text -> text.startsWith("ALTER ROLE " + probe.user())), "" + sent);
      for (String text : sent) {
        assertFalse(text.contains(secret), "a password in SQL text: " + text);
      }
      assertTrue(verifier(cluster, probe.user()).startsWith("SCRAM-SHA-256$"));
      assertFalse(verifier(cluster, probe.user()).contains(secret));
      try (Connection login = DriverManager.getConnection(db.jdbcUrl(), probe.user(), password)) {
        assertEquals(probe.user(), login.getMetaData().getUserName());
      }
    } finally {
      dropProbe(cluster, db.name(), probe.user());
    }
  }

  private static String verifier(DatabaseSettings cluster, String role) throws SQLException {
    try (Connection admin = admin(cluster);
        PreparedStatement query =
            admin.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
      query.setString(1, role);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "no role " + role);
        return String.valueOf(row.getString(1));
      }
    }
  }

  private static void dropProbe(DatabaseSettings cluster, String database, String role)
      throws SQLException {
    try (Connection admin = admin(cluster);
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      sql.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  private static Connection admin(DatabaseSettings cluster) throws SQLException {
    return DriverManager.getConnection(
        cluster.jdbcUrl("postgres"), cluster.admin().user(), cluster.admin().password());
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
