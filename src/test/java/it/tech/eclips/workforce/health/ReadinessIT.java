package it.tech.eclips.workforce.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.harness.TestServer;
import it.tech.eclips.workforce.metrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * /health/ready follows the database: DOWN while the app role cannot reach it, UP again once it
 * can, without a restart. "Unreachable" is made by refusing the app role's connections to the test
 * database and ending its sessions there, which is what the pool sees when the server goes away,
 * without stopping a shared PostgreSQL or touching another database's sessions.
 */
@ExtendWith(Deployments.class)
class ReadinessIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readinessFollowsTheDatabase() throws Exception {
    assertEquals(200, awaitReadiness(200));
    try {
      cutOffTheAppRole();
      assertEquals(503, awaitReadiness(503));
    } finally {
      restoreTheAppRole();
    }
    assertEquals(200, awaitReadiness(200));
  }

  /**
   * Each probe used to take a pooled connection of its own: a flood of anonymous probes competed
   * with every org's requests for the pool. Now one probe a second answers them all.
   */
  @Test
  void aFloodOfProbesCostsAboutOneConnectionASecond() throws Exception {
    // the count of connections handed out is Liberty's pool statistic (WildFly's pool statistics
    // have no such count); the single flight itself is server-neutral code, SingleFlightProbeTest
    Assumptions.assumeTrue(
        TestServer.current() == TestServer.LIBERTY,
        "the pool's hand-out count is read from Liberty's metrics");
    assertEquals(200, awaitReadiness(200));
    double before = usedConnections();
    int probes = 300;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < probes; i++) {
        statuses.add(
            pool.submit(
                () ->
                    http.send(
                            HttpRequest.newBuilder(readyUri())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
      }
      for (Future<Integer> status : statuses) {
        assertEquals(200, status.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    double used = usedConnections() - before;
    // the application's own work (audit flushes, key feed) takes a few connections meanwhile too
    assertTrue(used < probes / 3.0, probes + " probes took " + used + " pooled connections");
  }

  /** Connections handed out by the application's pool so far (Liberty's pool statistics). */
  private static double usedConnections() throws Exception {
    Scrape scrape = Scrape.as("metrics", ServerOverrides.DEV_METRICS_PASSWORD);
    List<Scrape.Sample> used =
        scrape.samples().stream()
            .filter(
                s ->
                    s.name().toLowerCase(Locale.ROOT).contains("usedconnections")
                        && "jdbc_eclips".equals(s.labels().get("datasource")))
            .toList();
    assertFalse(used.isEmpty(), "no used-connections figure for jdbc/eclips in " + scrape.status());
    return used.stream().mapToDouble(Scrape.Sample::value).max().orElseThrow();
  }

  private int awaitReadiness(int expected) {
    return await("/health/ready to answer " + expected)
        .atMost(PATIENCE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(readyUri()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode(),
            status -> status == expected);
  }

  private static URI readyUri() {
    return TestServer.health("/health/ready");
  }

  /**
   * This database only: roles are the cluster's, and another build on the machine (CI's WildFly
   * build beside the Liberty one) serves its own database with the same app role.
   */
  private static void cutOffTheAppRole() throws SQLException {
    String app = TestDatabase.settings().app().user();
    String database = TestDatabase.settings().name();
    admin("REVOKE CONNECT ON DATABASE " + database + " FROM " + app);
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
            + app
            + "' AND datname = '"
            + database
            + "'");
  }

  private static void restoreTheAppRole() throws SQLException {
    admin(
        "GRANT CONNECT ON DATABASE "
            + TestDatabase.settings().name()
            + " TO "
            + TestDatabase.settings().app().user());
  }

  private static void admin(String statement) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(statement);
    }
  }
}
