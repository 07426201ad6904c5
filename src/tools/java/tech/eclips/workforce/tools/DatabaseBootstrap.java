package tech.eclips.workforce.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import tech.eclips.workforce.tools.DatabaseSettings.Credentials;

/**
 * Creates the roles and the database, idempotently, as the administrator. This is the only step
 * that needs a superuser; afterwards migrations run as the owner role and the application as the
 * app role.
 *
 * <ul>
 *   <li>owner role: owns the schema and every table; runs migrations; never used by the
 *       application.
 *   <li>app role: NOSUPERUSER NOBYPASSRLS NOINHERIT, owns nothing, gets only the grants in the
 *       migrations.
 *   <li>platform role: a second login, NOSUPERUSER NOBYPASSRLS NOINHERIT, that may only call the
 *       platform functions (the platform jobs' own dataSource).
 *   <li>NOLOGIN roles that own the narrow gate functions (key lookup, platform, retention, audit
 *       append).
 * </ul>
 *
 * <p>Passwords never travel as SQL text, where the server's statement log, {@code
 * pg_stat_statements} and {@code pg_stat_activity} would keep them: the driver computes the
 * SCRAM-SHA-256 verifier here and sends only that.
 */
public final class DatabaseBootstrap {

  /** The advisory lock key every bootstrap holds while it creates and alters the roles. */
  private static final long BOOTSTRAP_LOCK = 0x6563_6c69_7073_0001L;

  private DatabaseBootstrap() {}

  /** Creates roles, then the database if missing, or drops and recreates it when {@code fresh}. */
  public static void prepare(DatabaseSettings db, boolean fresh) {
    prepare(db, fresh, text -> {});
  }

  /** The same, telling {@code sent} every SQL text it sends (what a statement log would keep). */
  public static void prepare(DatabaseSettings db, boolean fresh, Consumer<String> sent) {
    try (Connection admin = connectAsAdmin(db, "postgres");
        Sql sql = new Sql(admin, sent)) {
      // Roles are the cluster's: two bootstraps at once (CI's Liberty and WildFly builds, a package
      // install beside a test run) would both create a missing role, or update one role's row at
      // the same time ("tuple concurrently updated"). One at a time; the lock ends with the
      // session.
      sql.execute("SELECT pg_advisory_lock(" + BOOTSTRAP_LOCK + ")");
      ensureRole(sql, db.owner(), "LOGIN");
      ensureRole(sql, db.app(), "LOGIN NOINHERIT");
      // The platform jobs' own login (V10): the only role that may call the platform functions.
      ensureRole(sql, db.platform(), "LOGIN NOINHERIT");
      ensureRole(sql, new Credentials(DatabaseSettings.LOOKUP_ROLE, null), "NOLOGIN");
      ensureRole(sql, new Credentials(DatabaseSettings.PLATFORM_ROLE, null), "NOLOGIN");
      ensureRole(sql, new Credentials(DatabaseSettings.RETENTION_ROLE, null), "NOLOGIN");
      ensureRole(sql, new Credentials(DatabaseSettings.AUDIT_WRITER_ROLE, null), "NOLOGIN");
      // The owner hands the gate functions to these roles (ALTER FUNCTION ... OWNER TO needs
      // membership).
      sql.execute(
          "GRANT "
              + DatabaseSettings.LOOKUP_ROLE
              + ", "
              + DatabaseSettings.PLATFORM_ROLE
              + ", "
              + DatabaseSettings.RETENTION_ROLE
              + ", "
              + DatabaseSettings.AUDIT_WRITER_ROLE
              + " TO "
              + db.owner().user());
      if (fresh) {
        sql.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
      }
      if (!sql.exists("SELECT 1 FROM pg_database WHERE datname = '" + db.name() + "'")) {
        sql.execute(
            "CREATE DATABASE " + db.name() + " OWNER " + db.owner().user() + " ENCODING 'UTF8'");
      }
      lockDownPublicSchema(db, sent);
    } catch (SQLException e) {
      throw new IllegalStateException("database bootstrap failed: " + e.getMessage(), e);
    }
  }

  private static void ensureRole(Sql sql, Credentials role, String loginAttributes)
      throws SQLException {
    String attributes =
        loginAttributes + " NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION";
    if (!sql.exists("SELECT 1 FROM pg_roles WHERE rolname = '" + role.user() + "'")) {
      sql.execute("CREATE ROLE " + role.user());
    }
    sql.execute("ALTER ROLE " + role.user() + " " + attributes);
    if (!role.password().isEmpty()) {
      sql.setPassword(role);
    }
  }

  /** PostgreSQL before 15 lets everyone create in public; no role but the owner may. */
  private static void lockDownPublicSchema(DatabaseSettings db, Consumer<String> sent) {
    try (Connection admin = connectAsAdmin(db, db.name());
        Sql sql = new Sql(admin, sent)) {
      sql.execute("ALTER SCHEMA public OWNER TO " + db.owner().user());
      sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      sql.execute("REVOKE ALL ON DATABASE " + db.name() + " FROM PUBLIC");
      sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + db.name() + " TO " + db.app().user());
      sql.execute("GRANT CONNECT ON DATABASE " + db.name() + " TO " + db.platform().user());
    } catch (SQLException e) {
      throw new IllegalStateException("database bootstrap failed: " + e.getMessage(), e);
    }
  }

  /** The administrator's statements, each told to the listener before it is sent. */
  private static final class Sql implements AutoCloseable {
    private final Connection connection;
    private final Statement statement;
    private final Consumer<String> sent;

    Sql(Connection connection, Consumer<String> sent) throws SQLException {
      this.connection = connection;
      this.statement = connection.createStatement();
      this.sent = sent;
    }

    void execute(String text) throws SQLException {
      sent.accept(text);
      statement.execute(text);
    }

    boolean exists(String query) throws SQLException {
      sent.accept(query);
      try (var rows = statement.executeQuery(query)) {
        return rows.next();
      }
    }

    /**
     * pgjdbc hashes the password into a SCRAM-SHA-256 verifier on this side and sends {@code ALTER
     * USER … PASSWORD 'SCRAM-SHA-256$…'}: a verifier cannot log in anywhere.
     */
    void setPassword(Credentials role) throws SQLException {
      sent.accept("ALTER USER " + role.user() + " PASSWORD <scram-sha-256 verifier>");
      connection
          .unwrap(PGConnection.class)
          .alterUserPassword(role.user(), role.password().toCharArray(), "scram-sha-256");
    }

    @Override
    public void close() throws SQLException {
      statement.close();
    }
  }

  static Connection connectAsAdmin(DatabaseSettings db, String database) throws SQLException {
    return DriverManager.getConnection(
        db.jdbcUrl(database), db.admin().user(), db.admin().password());
  }
}
