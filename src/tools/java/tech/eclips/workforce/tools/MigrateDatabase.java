package tech.eclips.workforce.tools;

import java.nio.file.Path;
import java.util.Map;

/**
 * For installs: bootstrap roles (unless ECLIPS_DB_BOOTSTRAP=false, where a DBA made them by hand)
 * and apply the migrations to the PostgreSQL named by ECLIPS_DB_*. Never starts an embedded server.
 */
public final class MigrateDatabase {

  private MigrateDatabase() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    DatabaseSettings db = DatabaseSettings.configured(env);
    if (!"false".equals(env.get("ECLIPS_DB_BOOTSTRAP"))) {
      DatabaseBootstrap.prepare(db, false);
    }
    int applied = Migrations.apply(db, Path.of("db-migrations"));
    System.out.printf(
        "%s: %d migration(s) applied as %s; the app connects as %s%n",
        db.jdbcUrl(), applied, db.owner().user(), db.app().user());
  }
}
