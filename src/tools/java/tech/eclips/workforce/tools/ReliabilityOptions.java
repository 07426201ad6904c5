package tech.eclips.workforce.tools;

import static tech.eclips.workforce.tools.FaultInjector.Fault.BACKEND_TERMINATION;
import static tech.eclips.workforce.tools.FaultInjector.Fault.POSTGRES_RESTART_FAST;
import static tech.eclips.workforce.tools.FaultInjector.Fault.POSTGRES_RESTART_IMMEDIATE;
import static tech.eclips.workforce.tools.FaultInjector.Fault.SERVER_KILL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.tools.FaultInjector.Fault;

/**
 * The fault run's settings. {@code --short} is the CI version: about 40 s of driving with one kill
 * -9, one PostgreSQL restart (where the tool may restart it) and backend terminations. Options:
 * {@code --duration=<s> --clients=<n> --seed=<n> --short --restart-machine-postgres
 * --no-postgres-restart --http-port=9480 --https-port=9843 --server=liberty|wildfly
 * --runtime=<target/liberty/wlp, or WildFly's target/server> --war=target/eclips-workforce.war
 * --results=bench/results}.
 *
 * @param env where {@code ECLIPS_DB_*} are read (no {@code ECLIPS_DB_HOST}: embedded PostgreSQL)
 * @param restartMachinePostgres whether the machine's cluster may be restarted (it serves other
 *     databases too, so never by default)
 * @param postgresRestarts whether PostgreSQL restarts are injected at all
 * @param kind the server the run lays out, kills and restarts
 * @param runtime where that server's runtime is: Liberty's wlp, the provisioned WildFly's home
 */
public record ReliabilityOptions(
    Map<String, String> env,
    boolean shortRun,
    Duration duration,
    int clients,
    long seed,
    boolean restartMachinePostgres,
    boolean postgresRestarts,
    int httpPort,
    int httpsPort,
    OwnServer.Kind kind,
    Path runtime,
    Path war,
    Path resultsDirectory) {

  private static final java.util.Set<String> KNOWN =
      java.util.Set.of(
          "duration",
          "clients",
          "seed",
          "short",
          "restart-machine-postgres",
          "no-postgres-restart",
          "http-port",
          "https-port",
          "server",
          "runtime",
          "war",
          "results");

  public static ReliabilityOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      if (!KNOWN.contains(pair[0])) {
        throw new IllegalArgumentException("unknown option --" + pair[0] + "; known: " + KNOWN);
      }
      given.put(pair[0], pair.length > 1 ? pair[1] : "true");
    }
    boolean shortRun = given.containsKey("short");
    String server = given.getOrDefault("server", "liberty");
    if (!List.of("liberty", "wildfly").contains(server)) {
      throw new IllegalArgumentException("--server is liberty or wildfly, not " + server);
    }
    OwnServer.Kind kind = OwnServer.Kind.named(server);
    return new ReliabilityOptions(
        env,
        shortRun,
        Duration.ofSeconds(Long.parseLong(given.getOrDefault("duration", shortRun ? "35" : "120"))),
        Integer.parseInt(given.getOrDefault("clients", shortRun ? "4" : "6")),
        Long.parseLong(given.getOrDefault("seed", Long.toString(System.currentTimeMillis()))),
        given.containsKey("restart-machine-postgres"),
        !given.containsKey("no-postgres-restart"),
        Integer.parseInt(given.getOrDefault("http-port", "9480")),
        Integer.parseInt(given.getOrDefault("https-port", "9843")),
        kind,
        Path.of(
            given.getOrDefault(
                "runtime",
                kind == OwnServer.Kind.WILDFLY ? "target/server" : "target/liberty/wlp")),
        Path.of(given.getOrDefault("war", "target/eclips-workforce.war")),
        Path.of(given.getOrDefault("results", "bench/results")));
  }

  /** The run's server, laid out under this name. */
  OwnServer server(String name) {
    return OwnServer.of(kind, runtime, name, httpPort);
  }

  /** Without the environment, which may hold database passwords. */
  @Override
  public String toString() {
    return kind.option()
        + ", "
        + (shortRun ? "short, " : "")
        + duration.toSeconds()
        + " s, "
        + clients
        + " clients, seed "
        + seed;
  }

  /** Once each, slowest first, so a short run still gets them all. */
  List<Fault> plannedFaults() {
    return shortRun
        ? List.of(SERVER_KILL, BACKEND_TERMINATION, POSTGRES_RESTART_IMMEDIATE, BACKEND_TERMINATION)
        : List.of(
            BACKEND_TERMINATION,
            SERVER_KILL,
            POSTGRES_RESTART_FAST,
            BACKEND_TERMINATION,
            SERVER_KILL,
            POSTGRES_RESTART_IMMEDIATE);
  }

  /** Repeated after the planned faults while the drive lasts. */
  List<Fault> faultCycle() {
    return List.of(
        BACKEND_TERMINATION,
        SERVER_KILL,
        BACKEND_TERMINATION,
        POSTGRES_RESTART_IMMEDIATE,
        BACKEND_TERMINATION,
        POSTGRES_RESTART_FAST);
  }

  Duration faultSpacing() {
    return Duration.ofSeconds(shortRun ? 3 : 6);
  }

  /** Long enough to outlast a server restart under load (15–30 s on 2 cores). */
  Duration retryBudget() {
    return Duration.ofSeconds(90);
  }

  /** Client think time: the drive should stress recovery, not saturate 2 shared cores. */
  Duration pause() {
    return Duration.ofMillis(20);
  }

  Duration recoveryWait() {
    return Duration.ofSeconds(shortRun ? 45 : 90);
  }

  /** The lean org's balance: 25 invoices (or 12 in a short run), then 402s. */
  long leanCredits() {
    return shortRun ? 120 : 250;
  }
}
