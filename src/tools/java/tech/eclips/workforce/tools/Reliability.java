package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.eclips.workforce.tools.ReliabilitySeed.Org;

/**
 * The fault run (bench/reliability.sh, and FaultRunIT in CI): its own database and server (Liberty
 * or WildFly: {@link OwnServer}), client threads creating runs with Idempotency-Keys and retries,
 * faults injected while they do (kill -9 of the server, termination of the app's connections,
 * PostgreSQL restarts), then recovery and the invariants as figures. Exits 1 when an invariant does
 * not hold.
 */
public final class Reliability {

  private static final Path WORK = Path.of("target/reliability");
  private static final String SERVER = "eclips-reliability";
  private static final String DATABASE = "eclips_reliability";

  private final ReliabilityOptions options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private DatabaseSettings db;

  public Reliability(ReliabilityOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    ReliabilityResult result =
        new Reliability(ReliabilityOptions.parse(args, System.getenv())).run();
    System.exit(result.invariantFailures() == 0 ? 0 : 1);
  }

  public ReliabilityResult run() throws Exception {
    Files.createDirectories(WORK);
    Path dataDirectory = WORK.resolve("db").toAbsolutePath();
    Trees.delete(dataDirectory);
    OwnServer server = options.server(SERVER);
    try (ProvisionedDatabase database =
        ProvisionedDatabase.provision(options.env(), DATABASE, true, dataDirectory, 0, true)) {
      db = database.settings();
      Optional<PostgresRestart> postgres = restarts(database, dataDirectory);
      List<Org> orgs;
      try (Connection admin = admin()) {
        orgs = ReliabilitySeed.seed(admin, options.leanCredits());
      }
      ReliabilityWebhooks webhooks = new ReliabilityWebhooks(WORK.resolve("webhooks"));
      Map<String, String> variables = serverVariables();
      variables.putAll(webhooks.serverVariables());
      server.prepare(options.war(), options.httpsPort(), db, variables);
      log(
          "starting "
              + server.kind()
              + " server "
              + SERVER
              + " on 127.0.0.1:"
              + options.httpPort());
      try (webhooks) {
        // inside: a start that times out must not leave its server running
        server.start(Duration.ofMinutes(3));
        webhooks.register(server, orgs);
        Drive drive = drive(server, orgs, postgres);
        recover(server);
        ReliabilityResult result =
            verify(orgs, drive, database.isEmbedded(), postgres.isPresent(), webhooks);
        Path file = ReliabilityReport.write(result, options.resultsDirectory());
        System.out.println(Files.readString(file));
        System.out.println("written to " + file);
        return result;
      } finally {
        server.stop();
      }
    }
  }

  private Optional<PostgresRestart> restarts(ProvisionedDatabase database, Path dataDirectory) {
    Path log = WORK.resolve("postgres-restart.log").toAbsolutePath();
    if (database.isEmbedded()) {
      return options.postgresRestarts()
          ? Optional.of(PostgresRestart.embedded(dataDirectory.toAbsolutePath(), log))
          : Optional.empty();
    }
    return options.restartMachinePostgres()
        ? Optional.of(PostgresRestart.cluster(db, log))
        : Optional.empty();
  }

  /** Dev-mode JWTs for the console and platform calls; no rate limit can refuse a client. */
  private static Map<String, String> serverVariables() {
    Map<String, String> variables = new LinkedHashMap<>(DevTokens.serverVariables());
    variables.put("eclips.plans.enterprise.rate-limit-per-minute", "1000000");
    return variables;
  }

  /** What the drive produced: every client operation and the injector's record. */
  record Drive(List<Operation> operations, FaultInjector faults, double seconds) {}

  private Drive drive(OwnServer server, List<Org> orgs, Optional<PostgresRestart> postgres)
      throws InterruptedException {
    RunDriver driver =
        new RunDriver(server.uri("/v1/agents/runs"), orgs, options.retryBudget(), options.pause());
    FaultInjector faults =
        new FaultInjector(
            server,
            db,
            postgres,
            options.plannedFaults(),
            options.faultCycle(),
            options.faultSpacing(),
            options.duration());
    long start = System.nanoTime();
    long end = start + options.duration().toNanos();
    // The planned faults must all happen, even when a slow restart (two minutes on a loaded CI
    // machine) pushes them past the duration; each has its own bound, and so has the drive.
    long cap = end + faults.plannedBound().toNanos();
    driver.start(options.clients(), options.seed(), 100_000);
    Thread injector = new Thread(faults, "reliability-faults");
    injector.setDaemon(true);
    injector.start();
    log(
        "driving for "
            + options.duration().toSeconds()
            + " s with "
            + options.clients()
            + " clients");
    for (int second = 1;
        (System.nanoTime() < end || !faults.plannedDone()) && System.nanoTime() < cap;
        second++) {
      Thread.sleep(1_000);
      if (second % 5 == 0) {
        log(
            String.format(
                "t+%d s: %d operations finished, faults %s",
                (System.nanoTime() - start) / 1_000_000_000, driver.finished(), faults.counts()));
      }
    }
    faults.stop();
    injector.join(Duration.ofMinutes(4).toMillis());
    List<Operation> operations = driver.stop();
    log("drive over: " + operations.size() + " operations");
    return new Drive(operations, faults, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The server relaunches unfinished runs at start-up and every minute; the platform call does it
   * now. Then wait (bounded) until nothing is queued or running.
   */
  private void recover(OwnServer server) throws Exception {
    if (!server.awaitReady(Duration.ofMinutes(2)) && !server.running()) {
      server.start(Duration.ofMinutes(3));
    }
    long deadline = System.nanoTime() + options.recoveryWait().toNanos();
    long unfinished = Long.MAX_VALUE;
    for (int round = 0; unfinished > 0 && System.nanoTime() < deadline; round++) {
      if (round % 10 == 0) {
        post(server, "/platform/v1/maintenance/run-recovery", platformToken());
      }
      Thread.sleep(1_000);
      unfinished = count("SELECT count(*) FROM agent_runs WHERE status IN ('queued', 'running')");
    }
    log("recovery: " + unfinished + " run(s) still unfinished");
  }

  private ReliabilityResult verify(
      List<Org> orgs,
      Drive drive,
      boolean embedded,
      boolean postgresRestarts,
      ReliabilityWebhooks webhooks)
      throws Exception {
    List<Invariants.OrgFigures> books = new ArrayList<>();
    Invariants.ClientFigures client;
    List<Invariants.Check> delivered;
    try (Connection admin = admin()) {
      for (Org org : orgs) {
        books.add(Invariants.books(admin, org));
      }
      client = Invariants.client(admin, orgs, drive.operations());
      delivered = webhooks.checks(admin, orgs, Duration.ofMinutes(3));
    }
    Map<Org, Boolean> chains = new LinkedHashMap<>();
    for (Org org : orgs) {
      chains.put(org, chainValid(org));
    }
    List<Invariants.Check> checks =
        new ArrayList<>(
            Invariants.checks(books, client, chains, drive.operations(), drive.faults().errors()));
    checks.addAll(delivered);
    return new ReliabilityResult(
        options,
        embedded,
        postgresRestarts,
        drive.seconds(),
        drive.operations(),
        drive.faults().counts(),
        drive.faults().backendsTerminated(),
        drive.faults().timeline(),
        books,
        client,
        checks);
  }

  /** The console's verification of the org's hash chain, as its admin. */
  private boolean chainValid(Org org) throws InterruptedException {
    String token =
        DevTokens.mint(
            "reliability@" + org.id(),
            List.of("org_admin"),
            org.id().toString(),
            Instant.now().plusSeconds(600));
    OwnServer server = options.server(SERVER);
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(server.uri("/console/v1/audit-log/verify"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body().replace(" ", "").contains("\"valid\":true");
        }
      } catch (IOException e) {
        // answered below by another attempt
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  private void post(OwnServer server, String path, String token) throws InterruptedException {
    try {
      http.send(
          HttpRequest.newBuilder(server.uri(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      log("POST " + path + " failed: " + e.getMessage() + " (the next round retries)");
    }
  }

  private static String platformToken() {
    return DevTokens.mint(
        "reliability@platform", List.of("platform_admin"), null, Instant.now().plusSeconds(600));
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.admin().user(), db.admin().password());
  }

  private long count(String query) throws SQLException {
    try (Connection admin = admin();
        ResultSet row = admin.createStatement().executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  static void log(String line) {
    System.out.println("[reliability] " + line);
  }
}
