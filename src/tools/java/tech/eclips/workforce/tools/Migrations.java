package tech.eclips.workforce.tools;

import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Applies {@code db-migrations/V*.sql} in order, then the repeatable {@code R__*.sql} whose
 * checksum is new (every function's current body, docs/database.md "Migrations"), as the owner
 * role; a second run changes nothing. Only the folder's own files: Flyway would otherwise also scan
 * sub-folders, and {@code citus/} holds a script that is run by hand on a Citus coordinator, never
 * as a migration.
 */
public final class Migrations {

  private Migrations() {}

  public static int apply(DatabaseSettings db, Path migrationsDirectory) {
    return configure(db, migrationsDirectory).load().migrate().migrationsExecuted;
  }

  /** What is applied and what is pending; changes nothing. */
  public static MigrationInfoService status(DatabaseSettings db, Path migrationsDirectory) {
    return configure(db, migrationsDirectory).load().info();
  }

  private static FluentConfiguration configure(DatabaseSettings db, Path migrationsDirectory) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
        .locations("filesystem:" + migrationsDirectory.toAbsolutePath() + "/*.sql")
        .placeholders(
            Map.of(
                "app_role", db.app().user(),
                "lookup_role", DatabaseSettings.LOOKUP_ROLE,
                "platform_role", DatabaseSettings.PLATFORM_ROLE,
                "retention_role", DatabaseSettings.RETENTION_ROLE,
                "audit_writer_role", DatabaseSettings.AUDIT_WRITER_ROLE,
                "platform_app_role", db.platform().user()))
        .validateMigrationNaming(true);
  }
}
