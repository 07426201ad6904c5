package tech.eclips.workforce.tools;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Injects faults one after another while the clients drive: each fault, then a wait (bounded) until
 * the system is back, then a pause. The planned faults come first; then the cycle repeats until the
 * drive's time is up.
 */
final class FaultInjector implements Runnable {

  /** How long a killed server may take to be ready again. */
  static final Duration SERVER_START = Duration.ofMinutes(3);

  /** How long, after a PostgreSQL restart, the database and then the server may take to be back. */
  static final Duration BACK_AFTER_RESTART = Duration.ofSeconds(60);

  enum Fault {
    SERVER_KILL("kill -9 of the server's JVM, then its start script"),
    BACKEND_TERMINATION("pg_terminate_backend of the app role's connections (5 × in 1.5 s)"),
    POSTGRES_RESTART_FAST("PostgreSQL restart -m fast"),
    POSTGRES_RESTART_IMMEDIATE("PostgreSQL restart -m immediate (crash recovery)");

    final String description;

    Fault(String description) {
      this.description = description;
    }
  }

  private final OwnServer server;
  private final DatabaseSettings db;
  private final Optional<PostgresRestart> postgres;
  private final List<Fault> planned;
  private final List<Fault> cycle;
  private final Duration spacing;
  private final long endNanos;
  private final long startNanos = System.nanoTime();
  private final Map<Fault, Integer> counts =
      Collections.synchronizedMap(new EnumMap<>(Fault.class));
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean plannedDone;
  private volatile boolean stopping;
  private volatile long backendsTerminated;
  private volatile int errors;

  FaultInjector(
      OwnServer server,
      DatabaseSettings db,
      Optional<PostgresRestart> postgres,
      List<Fault> planned,
      List<Fault> cycle,
      Duration spacing,
      Duration drive) {
    this.server = server;
    this.db = db;
    this.postgres = postgres;
    this.planned = postgres.isPresent() ? planned : withoutRestarts(planned);
    this.cycle = postgres.isPresent() ? cycle : withoutRestarts(cycle);
    this.spacing = spacing;
    this.endNanos = startNanos + drive.toNanos();
  }

  private static List<Fault> withoutRestarts(List<Fault> faults) {
    return faults.stream().filter(f -> !f.name().startsWith("POSTGRES_")).toList();
  }

  @Override
  public void run() {
    try {
      for (Fault fault : planned) {
        pauseThen(fault);
      }
      plannedDone = true;
      for (int i = 0; !stopping && System.nanoTime() + 2 * spacing.toNanos() < endNanos; i++) {
        pauseThen(cycle.get(i % cycle.size()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      plannedDone = true;
    }
  }

  /**
   * The longest the planned faults can take, each with its pause and its bounded recovery: the
   * drive waits for them (however slow a restart is on a loaded machine) but not beyond this.
   */
  Duration plannedBound() {
    Duration bound = Duration.ZERO;
    for (Fault fault : planned) {
      bound = bound.plus(spacing).plus(bound(fault));
    }
    return bound;
  }

  private static Duration bound(Fault fault) {
    return switch (fault) {
      case SERVER_KILL -> SERVER_START.plusSeconds(10);
      case BACKEND_TERMINATION -> Duration.ofSeconds(10);
      case POSTGRES_RESTART_FAST, POSTGRES_RESTART_IMMEDIATE ->
          PostgresRestart.TIMEOUT.plus(BACK_AFTER_RESTART).plus(BACK_AFTER_RESTART);
    };
  }

  /** Lets the current fault's recovery finish, then injects no more. */
  void stop() {
    stopping = true;
  }

  boolean plannedDone() {
    return plannedDone;
  }

  private void pauseThen(Fault fault) throws InterruptedException {
    Thread.sleep(spacing.toMillis());
    if (stopping) {
      return;
    }
    long at = System.nanoTime();
    try {
      String detail = inject(fault);
      counts.merge(fault, 1, Integer::sum);
      note(at, fault.description + detail);
    } catch (IOException | SQLException | RuntimeException e) {
      errors++;
      note(at, fault.description + " FAILED: " + e.getMessage());
    }
  }

  private String inject(Fault fault) throws IOException, SQLException, InterruptedException {
    switch (fault) {
      case SERVER_KILL -> {
        if (!server.kill()) {
          throw new IllegalStateException("no server process to kill");
        }
        long down = System.nanoTime();
        server.start(SERVER_START);
        return "; ready again after " + seconds(System.nanoTime() - down) + " s";
      }
      case BACKEND_TERMINATION -> {
        // A burst, so that some terminations land inside transactions (between a debit and the
        // commit, say), not only on connections idling in the pool.
        long terminated = 0;
        for (int i = 0; i < 5; i++) {
          terminated += terminateBackends();
          Thread.sleep(300);
        }
        backendsTerminated += terminated;
        return "; " + terminated + " connection(s) terminated in a burst of 5 over 1.5 s";
      }
      default -> {
        long down = System.nanoTime();
        postgres.orElseThrow().restart(fault == Fault.POSTGRES_RESTART_FAST ? "fast" : "immediate");
        awaitDatabase(BACK_AFTER_RESTART);
        boolean ready = server.awaitReady(BACK_AFTER_RESTART);
        return "; database back after "
            + seconds(System.nanoTime() - down)
            + " s, server "
            + (ready ? "ready" : "NOT ready within 60 s");
      }
    }
  }

  private long terminateBackends() throws SQLException {
    try (Connection admin = admin("postgres");
        PreparedStatement kill =
            admin.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE usename = ? AND datname = ?")) {
      kill.setString(1, db.app().user());
      kill.setString(2, db.name());
      try (ResultSet row = kill.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private void awaitDatabase(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection admin = admin(db.name())) {
        return;
      } catch (SQLException notYet) {
        Thread.sleep(200);
      }
    }
  }

  private Connection admin(String database) throws SQLException {
    return DriverManager.getConnection(
        db.jdbcUrl(database), db.admin().user(), db.admin().password());
  }

  private void note(long at, String what) {
    timeline.add(String.format(Locale.ROOT, "t+%5.1f s  %s", seconds(at - startNanos), what));
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e8) / 10.0;
  }

  Map<Fault, Integer> counts() {
    Map<Fault, Integer> copy = new EnumMap<>(Fault.class);
    synchronized (counts) {
      copy.putAll(counts);
    }
    return copy;
  }

  long backendsTerminated() {
    return backendsTerminated;
  }

  int errors() {
    return errors;
  }

  List<String> timeline() {
    return List.copyOf(timeline);
  }
}
