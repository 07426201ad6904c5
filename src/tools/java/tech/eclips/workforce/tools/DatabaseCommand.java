package tech.eclips.workforce.tools;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * The on-prem package's provisioning command ({@code bin/eclips-db}, a runnable JAR with Flyway and
 * the driver beside it): the same bootstrap and migrations as the dev runner and the tests, on the
 * PostgreSQL named by {@code ECLIPS_DB_*}. Three steps because they need different credentials:
 * only {@code bootstrap} needs the administrator; {@code migrate} and {@code status} connect as the
 * owner role, so an upgrade never needs a superuser.
 *
 * <p>Exit codes: 0 done (status: up to date), 1 failed, 2 usage, 3 status found pending or failed
 * migrations.
 */
public final class DatabaseCommand {

  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int NOT_UP_TO_DATE = 3;

  private DatabaseCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), migrationsDirectory()));
  }

  static int run(String[] args, Map<String, String> env, Path migrations) {
    if (args.length != 1
        || !java.util.Set.of("bootstrap", "migrate", "status", "check").contains(args[0])) {
      return usage();
    }
    DatabaseSettings db = null;
    try {
      db = DatabaseSettings.configured(env);
      return switch (args[0]) {
        case "bootstrap" -> bootstrap(db);
        case "migrate" -> migrate(db, migrations);
        case "check" -> check(db);
        default -> status(db, migrations);
      };
    } catch (RuntimeException e) {
      // Messages name hosts, roles and SQL states, never a password (Credentials hides them).
      System.err.println("eclips-db " + args[0] + " failed: " + e.getMessage());
      if (db != null && db.verifiesServer() && aboutTls(e)) {
        System.err.println(unverifiedServer(db));
      }
      return FAILED;
    }
  }

  /** pgjdbc says "SSL" in every refusal of an unchecked server: no TLS, unknown CA, wrong name. */
  private static boolean aboutTls(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("SSL")
          || message.contains("certificate")
          || t instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return false;
  }

  static String unverifiedServer(DatabaseSettings db) {
    return "eclips-db: refusing to send passwords to "
        + db.host()
        + ":"
        + db.port()
        + " without checking its certificate (ECLIPS_DB_SSL_MODE="
        + db.sslMode()
        + ", the default for installs). Give the CA that signed the server's certificate in"
        + " ~/.postgresql/root.crt, or name a weaker mode explicitly, e.g."
        + " ECLIPS_DB_SSL_MODE=require (encrypted, unchecked) or ECLIPS_DB_SSL_MODE=disable (a"
        + " local socket or a trusted network only).";
  }

  private static int bootstrap(DatabaseSettings db) {
    DatabaseBootstrap.prepare(db, false);
    System.out.printf(
        "%s: roles %s, %s, %s and the database (owner %s) are in place%n",
        db.jdbcUrl(), db.owner().user(), db.app().user(), db.platform().user(), db.owner().user());
    return 0;
  }

  /**
   * bin/eclips runs this before it starts the server: the app role connects as the datasources
   * will, so a server whose certificate cannot be checked is refused here, by the setting's name,
   * instead of as a server that starts and then fails every request.
   */
  private static int check(DatabaseSettings db) {
    try (Connection app =
        DriverManager.getConnection(db.jdbcUrl(), db.app().user(), db.app().password())) {
      app.isValid(5);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect as " + db.app().user() + ": " + e.getMessage(), e);
    }
    System.out.printf("%s: %s connects%n", db.jdbcUrl(), db.app().user());
    return 0;
  }

  private static int migrate(DatabaseSettings db, Path migrations) {
    int applied = Migrations.apply(db, migrations);
    System.out.printf(
        "%s: %d migration(s) applied as %s%n", db.jdbcUrl(), applied, db.owner().user());
    return 0;
  }

  private static int status(DatabaseSettings db, Path migrations) {
    MigrationInfoService info = Migrations.status(db, migrations);
    for (MigrationInfo migration : info.all()) {
      System.out.printf(
          "%-4s %-40s %s%n",
          migration.getVersion(),
          migration.getDescription(),
          migration.getState().getDisplayName());
    }
    MigrationInfo current = info.current();
    long failed = Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).count();
    int pending = info.pending().length;
    System.out.printf(
        "%s: schema version %s, %d pending, %d failed%n",
        db.jdbcUrl(), current == null ? "none" : current.getVersion(), pending, failed);
    return pending == 0 && failed == 0 ? 0 : NOT_UP_TO_DATE;
  }

  private static int usage() {
    System.err.println(
        """
        usage: eclips-db bootstrap|migrate|status|check
          bootstrap  create or re-assert the roles and the database (ECLIPS_DB_ADMIN_USER/_PASSWORD)
          migrate    apply db-migrations/ as the owner role; a second run applies nothing
          status     list applied and pending migrations; exit 3 if not up to date
          check      connect as the app role, as the server will (bin/eclips start runs it)
        settings: ECLIPS_DB_HOST (required), ECLIPS_DB_PORT, ECLIPS_DB_NAME, ECLIPS_DB_*_USER/_PASSWORD,
          ECLIPS_DB_SSL_MODE (default verify-full: the server's certificate is checked)""");
    return USAGE;
  }

  /**
   * bin/eclips-db passes the package's db-migrations/; from a source tree it is the working dir's.
   */
  private static Path migrationsDirectory() {
    return Path.of(System.getProperty("eclips.db.migrations", "db-migrations"));
  }
}
