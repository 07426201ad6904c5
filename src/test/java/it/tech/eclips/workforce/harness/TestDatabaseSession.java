package it.tech.eclips.workforce.harness;

import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import tech.eclips.workforce.tools.ProvisionedDatabase;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * Runs once per failsafe JVM, before Arquillian starts Liberty: provisions a freshly created database
 * (the machine's PostgreSQL when ECLIPS_DB_HOST is set, an embedded one otherwise), applies the
 * migrations as the owner role, and points the created test server at it.
 */
public class TestDatabaseSession implements LauncherSessionListener {

  private ProvisionedDatabase database;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("eclips.it") || database != null) {
      return;
    }
    database =
        ProvisionedDatabase.provision(
            System.getenv(), System.getProperty("eclips.it.db.name", "eclips_it"), true, Path.of("target/it-db"), 0);
    ServerOverrides.write(
        Path.of(System.getProperty("eclips.server.dir")), database.settings(), List.of("localConnector-1.0"));
    TestDatabase.use(database.settings());
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (database != null) {
      database.close();
    }
  }
}
