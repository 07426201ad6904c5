package tech.eclips.workforce.tools;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A database ready for the application: the machine's PostgreSQL when {@code ECLIPS_DB_HOST} is
 * set, an embedded one otherwise; roles bootstrapped and migrations applied.
 */
public final class ProvisionedDatabase implements AutoCloseable {

  private final DatabaseSettings settings;
  private final Optional<EmbeddedDatabase> embedded;

  private ProvisionedDatabase(DatabaseSettings settings, Optional<EmbeddedDatabase> embedded) {
    this.settings = settings;
    this.embedded = embedded;
  }

  /**
   * @param name the database to use (created if missing)
   * @param fresh drop and recreate the database (tests), or keep its data (dev)
   * @param embeddedDataDirectory where an embedded server keeps its files
   * @param embeddedPort port for an embedded server, 0 for any free one
   */
  public static ProvisionedDatabase provision(
      Map<String, String> env,
      String name,
      boolean fresh,
      Path embeddedDataDirectory,
      int embeddedPort) {
    return provision(env, name, fresh, embeddedDataDirectory, embeddedPort, false);
  }

  /** The same, with an embedded server that is {@code durable} (see {@link EmbeddedDatabase}). */
  public static ProvisionedDatabase provision(
      Map<String, String> env,
      String name,
      boolean fresh,
      Path embeddedDataDirectory,
      int embeddedPort,
      boolean durable) {
    Optional<String> host = DatabaseSettings.configuredHost(env);
    Optional<EmbeddedDatabase> embedded =
        host.isPresent()
            ? Optional.empty()
            : Optional.of(
                EmbeddedDatabase.start(embeddedDataDirectory, embeddedPort, !fresh, durable));
    try {
      DatabaseSettings settings =
          DatabaseSettings.fromEnvironment(
              env,
              host.orElse("localhost"),
              embedded
                  .map(EmbeddedDatabase::port)
                  .orElseGet(() -> Integer.parseInt(env.getOrDefault("ECLIPS_DB_PORT", "5432"))),
              name);
      DatabaseBootstrap.prepare(settings, fresh);
      Migrations.apply(settings, Path.of("db-migrations"));
      return new ProvisionedDatabase(settings, embedded);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw e;
    }
  }

  public DatabaseSettings settings() {
    return settings;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
