package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the PostgreSQL that holds the fault run's database, in {@code fast} mode (clients
 * disconnected, checkpoint) or {@code immediate} mode (no checkpoint: crash recovery at start).
 *
 * <p>An embedded server is restarted with its own {@code pg_ctl}, which reuses the command line the
 * postmaster recorded in {@code postmaster.opts}; the machine's cluster with {@code pg_ctlcluster}.
 * The latter restarts every database on the machine, so the tool does it only when asked to ({@code
 * --restart-machine-postgres}).
 */
interface PostgresRestart {

  /** How long a restart command may take before it is given up. */
  Duration TIMEOUT = Duration.ofSeconds(90);

  void restart(String mode) throws IOException, InterruptedException;

  static PostgresRestart embedded(Path dataDirectory, Path log) {
    return mode -> {
      String opts = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
      String postgres = opts.startsWith("\"") ? opts.substring(1, opts.indexOf('"', 1)) : opts;
      postgres = postgres.split(" ")[0];
      Path pgCtl = Path.of(postgres).resolveSibling("pg_ctl");
      // PostgreSQL refuses to run as root; zonky starts it in a user namespace, so do we.
      List<String> command = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("unshare", "-U"));
      }
      command.addAll(
          List.of(
              pgCtl.toString(),
              "-D",
              dataDirectory.toString(),
              "-m",
              mode,
              "-t",
              "60",
              "-w",
              "-l",
              log.toString(),
              "restart"));
      run(command, TIMEOUT, log);
    };
  }

  static PostgresRestart cluster(DatabaseSettings db, Path log) {
    return mode -> {
      String version;
      try (Connection admin =
              DriverManager.getConnection(
                  db.jdbcUrl("postgres"), db.admin().user(), db.admin().password());
          ResultSet row =
              admin
                  .createStatement()
                  .executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
        row.next();
        version = Integer.toString(row.getInt(1));
      } catch (SQLException e) {
        throw new IOException("cannot read the cluster's version", e);
      }
      run(
          List.of(
              "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", mode),
          TIMEOUT,
          log);
    };
  }

  /** Output to a file, never a pipe: the postmaster pg_ctl forks would inherit and hold it. */
  private static void run(List<String> command, Duration within, Path log)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + within);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed; see " + log);
    }
  }
}
