package it.tech.eclips.workforce.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tech.eclips.workforce.tools.DatabaseSettings;

/**
 * The on-prem package, installed as docs/operations.md's "Install on a server" says, by its own
 * commands only: unpack the archive the build produced into a folder, bootstrap the roles and
 * migrate a database of its own, start the server in production mode with nothing but environment
 * variables (HTTPS with a keystore made for the test, an identity provider's key pair made for the
 * test), use it, stop it; then upgrade (unpack over it, migrate: nothing to do) and start it again
 * with its data and configuration intact, this time with plain HTTP opened and the console log as
 * JSON. The same test for both packages: Open Liberty's ({@code mvn verify}) and WildFly's ({@code
 * mvn verify -Pwildfly}); {@link PackagedServer} holds where they differ. Not an Arquillian test:
 * nothing is deployed into the test server. The database is the integration tests' PostgreSQL (the
 * machine's when ECLIPS_DB_HOST is set, else the embedded one the harness started), in a database
 * of its own.
 */
@DisabledIfSystemProperty(
    named = "eclips.package.skip",
    matches = "true",
    disabledReason = "built with -Declips.package.skip=true: there is no package to install")
@Slow
@Tag("heavy") // .ci/run runs it in the Liberty build only (docs/testing.md, CI)
class PackageInstallIT {

  private static final Path ARCHIVE =
      Path.of(System.getProperty("eclips.package.archive", "target/no-package-built.tar.gz"));

  private static final String DATABASE =
      System.getProperty("eclips.package.db.name", "eclips_package_it");

  private static final java.time.Duration READY_WITHIN = java.time.Duration.ofMinutes(2);

  private static final PackagedServer SERVER = PackagedServer.built();

  private Installation installation;

  @Test
  void installsStartsServesStopsAndUpgradesWithOnlyAJdkAndPostgres() throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "no package at " + ARCHIVE + ": run mvn package");
    installation = Installation.fresh(SERVER, Path.of("target/package-it"));
    ProductionSettings settings =
        ProductionSettings.create(
            Path.of("target/package-it-settings"),
            TestDatabase.settings(),
            DATABASE,
            new ProductionSettings.Ports(
                Integer.getInteger("eclips.package.https.port", 9543),
                Integer.getInteger("eclips.package.http.port", 9544),
                Integer.getInteger("eclips.package.management.port", 9545)));
    dropDatabase(TestDatabase.settings(), DATABASE);

    install(settings);
    refusesTheDevKeyInProductionMode(settings);
    refusesToStartAgainstAnUncheckedDatabase(settings);
    List<Path> incidentsBefore = incidents();
    installation.eclips(settings.server(), "start").expectSuccess();
    String key = serve(settings);
    assertSafeByDefault(settings);
    assertQuietStart(incidentsBefore);
    stop(settings);

    upgrade(settings);
    List<Path> incidentsBeforeRestart = incidents();
    long consoleBefore = Files.size(SERVER.consoleLog(installation.home()));
    installation.eclips(settings.serverWithPlainHttpAndJsonConsole(), "start").expectSuccess();
    assertTrue(settings.awaitReady(READY_WITHIN), "not ready after the upgrade");
    settings.send("GET", "/v1/me", null, "Authorization", "Bearer " + key).expect(200);
    assertPlainHttpWhenNamed(settings);
    assertJsonConsole(consoleBefore);
    // a start with what the first one left behind (caches, the expanded application): as quiet
    assertQuietStart(incidentsBeforeRestart);
    stop(settings);
  }

  /** Unpack, then the database: roles and database as the administrator, schema as the owner. */
  private void install(ProductionSettings settings) throws IOException {
    installation.unpack(ARCHIVE).expectSuccess();
    Path home = installation.home();
    refusesAnUncheckedDatabaseByDefault(settings);
    for (String executable : List.of("bin/eclips", "bin/eclips-db", SERVER.launcher())) {
      assertTrue(Files.isExecutable(home.resolve(executable)), executable + " is not executable");
    }
    assertNothingDevOnly(home);

    installation.db(settings.database(), "bootstrap").expectSuccess();
    assertEquals(
        3,
        installation.db(settings.database(), "status").exit(),
        "status before migrating: pending");
    String migrated = installation.db(settings.database(), "migrate").expectSuccess().output();
    assertTrue(
        migrated.contains(": " + migrationCount(home) + " migration(s) applied"),
        "every migration of the package applied: " + migrated);
    String status = installation.db(settings.database(), "status").expectSuccess().output();
    assertTrue(status.contains("0 pending, 0 failed"), status);
  }

  /**
   * Without ECLIPS_DB_SSL_MODE the tool checks the server's certificate: the tests' PostgreSQL has
   * no TLS, so nothing is sent and the refusal names the setting that decides.
   */
  private void refusesAnUncheckedDatabaseByDefault(ProductionSettings settings) {
    Installation.Result refused = installation.db(settings.databaseWithDefaultTls(), "bootstrap");
    assertEquals(1, refused.exit(), refused.output());
    assertTrue(refused.output().contains("ECLIPS_DB_SSL_MODE=verify-full"), refused.output());
  }

  /**
   * A started package: no plain HTTP listener (no ECLIPS_HTTP_PORT given): the server's JVM listens
   * on the HTTPS port and, on WildFly, its management port (127.0.0.1), nothing else. Every file
   * the server wrote (secrets, logs, data) is readable by the installing user alone.
   */
  private void assertSafeByDefault(ProductionSettings settings) throws IOException {
    assertEquals(
        java.util.Set.of(settings.ports().https()),
        applicationPorts(),
        "the server listens on more than HTTPS though ECLIPS_HTTP_PORT was not given");
    List<Path> written = SERVER.writtenFiles(installation.home());
    assertTrue(written.size() > 2, "nothing written by the server: " + written);
    for (Path file : written) {
      java.util.Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
      assertEquals(
          java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          modes,
          installation.home().relativize(file) + " is " + PosixFilePermissions.toString(modes));
    }
  }

  /** With ECLIPS_HTTP_PORT named, plain HTTP answers there too. */
  private void assertPlainHttpWhenNamed(ProductionSettings settings)
      throws IOException, InterruptedException {
    assertEquals(
        java.util.Set.of(settings.ports().https(), settings.ports().http()), applicationPorts());
    assertEquals(200, settings.plainHttpStatus("/health/ready"), "plain HTTP /health/ready");
  }

  /** The ports the server's JVM listens on, its control port left out. */
  private java.util.Set<Integer> applicationPorts() throws IOException {
    java.util.Set<Integer> ports =
        new java.util.TreeSet<>(ListeningPorts.of(installation.serverProcess().orElseThrow()));
    ports.removeAll(
        SERVER.controlPorts(
            installation.home(), Integer.getInteger("eclips.package.management.port", 9545)));
    return ports;
  }

  /**
   * ECLIPS_LOG_FORMAT=json: from the server's first JSON line on, the console of this start is one
   * JSON object per line (what the launch script and the JVM print before the log configuration is
   * read may precede it; the JVM's own warnings are no log messages), among them the application's
   * start.
   */
  private void assertJsonConsole(long from) throws IOException {
    List<String> start = SERVER.consoleOfLastStart(installation.home(), from);
    assertEquals(List.of(), SERVER.plainMessages(start), "plain log messages on a JSON console");
    List<String> lines =
        start.stream()
            .dropWhile(line -> !line.startsWith("{"))
            .filter(line -> !line.isBlank())
            // the JVM's own notices on standard error (Liberty's: class data sharing), no log
            // message
            .filter(line -> !line.startsWith("OpenJDK 64-Bit Server VM warning:"))
            .toList();
    assertFalse(lines.isEmpty(), "no JSON line on the console after the start");
    List<JsonObject> messages = new java.util.ArrayList<>();
    for (String line : lines) {
      try (var reader = Json.createReader(new StringReader(line))) {
        messages.add(reader.readObject());
      } catch (jakarta.json.JsonException | IllegalStateException notJson) {
        throw new AssertionError("not a JSON line on the console: " + line, notJson);
      }
    }
    assertTrue(
        messages.stream().anyMatch(m -> m.getString("message", "").contains("eclips-workforce")),
        "the application's start is not among the console's JSON lines: " + lines);
  }

  /**
   * A production start an operator can read: no ERROR line, no WARNING, no FFDC incident (Liberty),
   * without exceptions (counted from the last start of the server log; incidents from before it).
   */
  private void assertQuietStart(List<Path> incidentsBefore) throws IOException {
    assertEquals(
        List.of(),
        SERVER.loudLinesOfLastStart(installation.home()),
        "ERROR or WARNING lines at a production start");
    List<String> newIncidents = new java.util.ArrayList<>();
    for (Path incident : incidents()) {
      String text = Files.readString(incident);
      if (!incidentsBefore.contains(incident)
          && !incident.getFileName().toString().startsWith("exception_summary")) {
        newIncidents.add(incident.getFileName() + ": " + text.lines().limit(4).toList());
      }
    }
    assertEquals(List.of(), newIncidents, "FFDC incidents at a production start");
  }

  /** Liberty's FFDC incidents (WildFly writes none). */
  private List<Path> incidents() throws IOException {
    Path ffdc = SERVER.logs(installation.home()).resolve("ffdc");
    if (!Files.isDirectory(ffdc)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(ffdc)) {
      return files.toList();
    }
  }

  /** The server's datasources by default check the database's certificate too: no start. */
  private void refusesToStartAgainstAnUncheckedDatabase(ProductionSettings settings)
      throws IOException {
    Installation.Result refused = installation.eclips(settings.serverWithDefaultTls(), "start");
    assertNotEquals(0, refused.exit(), "started without TLS to PostgreSQL:\n" + refused.output());
    assertTrue(refused.output().contains("ECLIPS_DB_SSL_MODE=verify-full"), refused.output());
    assertTrue(installation.serverProcess().isEmpty(), "the refused server was left running");
  }

  /** The package runs in production mode: the repository's public DEV-ONLY key is refused. */
  private void refusesTheDevKeyInProductionMode(ProductionSettings settings) throws IOException {
    Installation.Result refused = installation.eclips(settings.serverWithDevKey(), "start");
    assertNotEquals(0, refused.exit(), "started with the DEV-ONLY key:\n" + refused.output());
    assertTrue(refused.output().contains("DEV-ONLY"), refused.output());
    assertTrue(installation.serverProcess().isEmpty(), "the refused server was left running");
  }

  /**
   * Over HTTPS with the operator's certificate: ready; a platform admin creates an org, its admin a
   * key, the key calls /v1; a token of the DEV-ONLY key is refused. Returns the key.
   */
  private String serve(ProductionSettings settings) throws InterruptedException {
    assertTrue(settings.awaitReady(READY_WITHIN), "not ready after start");
    String org =
        settings
            .send(
                "POST",
                "/platform/v1/orgs",
                "{\"name\":\"Package\",\"plan\":\"team\"}",
                "Authorization",
                "Bearer " + settings.token("platform_admin", null))
            .expect(201)
            .json()
            .getString("id");
    String key =
        settings
            .send(
                "POST",
                "/console/v1/api-keys",
                "{\"name\":\"package\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}",
                "Authorization",
                "Bearer " + settings.token("org_admin", org))
            .expect(201)
            .json()
            .getString("key");
    Reply me = settings.send("GET", "/v1/me", null, "Authorization", "Bearer " + key).expect(200);
    assertEquals(org, me.json().getString("org_id"), me.body());
    settings
        .send(
            "GET",
            "/platform/v1/orgs/" + org,
            null,
            "Authorization",
            "Bearer " + settings.devKeyToken("platform_admin"))
        .expect(401);
    return key;
  }

  private void stop(ProductionSettings settings) throws IOException {
    installation.eclips(settings.server(), "stop").expectSuccess();
    assertNotEquals(0, installation.eclips(settings.server(), "status").exit(), "still running");
    assertTrue(installation.serverProcess().isEmpty(), "the server's JVM outlived stop");
  }

  /** A newer archive over the old one: configuration and data untouched, migrations idempotent. */
  private void upgrade(ProductionSettings settings) {
    installation.unpack(ARCHIVE).expectSuccess();
    String migrated = installation.db(settings.database(), "migrate").expectSuccess().output();
    assertTrue(migrated.contains(": 0 migration(s) applied"), migrated);
  }

  /** Dev mode, the DEV-ONLY key and test settings live in servers of their own, never here. */
  private static void assertNothingDevOnly(Path home) throws IOException {
    assertEquals(List.of(), SERVER.testLeftovers(home), "test settings in the package");
    try (Stream<Path> files = Files.walk(home)) {
      List<Path> devOnly =
          files
              .filter(
                  f ->
                      f.toString().contains("DEV-ONLY")
                          || f.toString().contains("configDropins")
                          || f.getFileName().toString().equals("server.env"))
              .toList();
      assertEquals(List.of(), devOnly, "files that do not belong in a production package");
    }
  }

  private static long migrationCount(Path home) throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("db-migrations"))) {
      return files.filter(f -> f.getFileName().toString().matches("(V\\d+|R)__.*\\.sql")).count();
    }
  }

  private static void dropDatabase(DatabaseSettings cluster, String name) throws SQLException {
    try (Connection admin =
            DriverManager.getConnection(
                cluster.jdbcUrl("postgres"), cluster.admin().user(), cluster.admin().password());
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** Whatever happened, no server of this test outlives it. */
  @AfterEach
  void stopWhatIsLeft() throws IOException {
    if (installation == null) {
      return;
    }
    if (installation.serverProcess().isPresent()) {
      installation.eclips(
          java.util.Map.of(
              "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
              "JAVA_HOME", System.getProperty("java.home")),
          "stop");
    }
    installation.serverProcess().ifPresent(ProcessHandle::destroyForcibly);
  }
}
