package it.tech.eclips.workforce.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.harness.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /health/ready follows the database: DOWN while the app role cannot reach it, UP again once it
 * can, without a restart. "Unreachable" is made by refusing the app role's logins and ending its
 * sessions, which is what the pool sees when the server goes away, without stopping a shared
 * PostgreSQL.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ReadinessIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newHttpClient();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

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

  private int awaitReadiness(int expected) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    int status;
    do {
      status =
          http.send(
                  HttpRequest.newBuilder(readyUri()).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status != expected) {
        Thread.sleep(250);
      }
    } while (status != expected && Instant.now().isBefore(deadline));
    return status;
  }

  private static URI readyUri() {
    return TestServer.health("/health/ready");
  }

  private static void cutOffTheAppRole() throws SQLException {
    String app = TestDatabase.settings().app().user();
    admin("ALTER ROLE " + app + " NOLOGIN");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + app + "'");
  }

  private static void restoreTheAppRole() throws SQLException {
    admin("ALTER ROLE " + TestDatabase.settings().app().user() + " LOGIN");
  }

  private static void admin(String statement) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(statement);
    }
  }
}
