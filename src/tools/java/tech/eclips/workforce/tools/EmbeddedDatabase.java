package tech.eclips.workforce.tools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real PostgreSQL run from the zonky binaries, for machines where none is configured. */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * @param dataDirectory kept between starts when {@code keepData}; a fresh one otherwise
   * @param port 0 for any free port
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port, boolean keepData) {
    return start(dataDirectory, port, keepData, false);
  }

  /**
   * @param durable commit only what is on disk, as a production server does; zonky's default
   *     ({@code synchronous_commit=off}, no fsync) is faster for tests but loses acknowledged
   *     commits when PostgreSQL stops in immediate mode, which the fault run does on purpose
   */
  public static EmbeddedDatabase start(
      Path dataDirectory, int port, boolean keepData, boolean durable) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(!keepData)
              .setServerConfig("max_connections", "200")
              .setServerConfig("timezone", "UTC");
      if (durable) {
        builder.setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on");
      }
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
