package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The package's bin/eclips-db refuses what it cannot do before it connects anywhere. */
class DatabaseCommandTest {

  private static final Path MIGRATIONS = Path.of("db-migrations");

  @Test
  void unknownOrMissingCommandsAreUsageErrors() {
    Map<String, String> env = Map.of("ECLIPS_DB_HOST", "127.0.0.1");
    assertEquals(DatabaseCommand.USAGE, DatabaseCommand.run(new String[] {}, env, MIGRATIONS));
    assertEquals(
        DatabaseCommand.USAGE, DatabaseCommand.run(new String[] {"drop"}, env, MIGRATIONS));
    assertEquals(
        DatabaseCommand.USAGE,
        DatabaseCommand.run(new String[] {"migrate", "status"}, env, MIGRATIONS));
  }

  @Test
  void withoutAHostNothingIsAttempted() {
    for (String command : new String[] {"bootstrap", "migrate", "status"}) {
      assertEquals(
          DatabaseCommand.FAILED,
          DatabaseCommand.run(new String[] {command}, Map.of(), MIGRATIONS),
          command);
    }
  }

  @Test
  void aRoleNameThatIsNoPlainIdentifierIsRefused() {
    Map<String, String> env =
        Map.of("ECLIPS_DB_HOST", "127.0.0.1", "ECLIPS_DB_APP_USER", "app; DROP ROLE postgres");
    assertEquals(
        DatabaseCommand.FAILED, DatabaseCommand.run(new String[] {"bootstrap"}, env, MIGRATIONS));
  }

  /**
   * A PostgreSQL without TLS answers the driver's SSLRequest with 'N'. With no ECLIPS_DB_SSL_MODE
   * the package's tool insists on a checked certificate, sends no password and says which setting
   * decides.
   */
  @Test
  void byDefaultAServerWithoutTlsIsRefusedNamingTheSetting() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread postgres = new Thread(() -> answerNoTls(server));
      postgres.setDaemon(true);
      postgres.start();
      Map<String, String> env =
          Map.of(
              "ECLIPS_DB_HOST", "127.0.0.1",
              "ECLIPS_DB_PORT", Integer.toString(server.getLocalPort()),
              "ECLIPS_DB_ADMIN_PASSWORD", "not-to-be-sent");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream original = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit;
      try {
        exit = DatabaseCommand.run(new String[] {"bootstrap"}, env, MIGRATIONS);
      } finally {
        System.setErr(original);
      }
      String said = err.toString(StandardCharsets.UTF_8);
      assertEquals(DatabaseCommand.FAILED, exit, said);
      assertTrue(said.contains("ECLIPS_DB_SSL_MODE=verify-full"), said);
      assertTrue(said.contains("ECLIPS_DB_SSL_MODE=disable"), said);
    }
  }

  /** Reads the 8-byte SSLRequest of every connection and answers "no TLS here". */
  private static void answerNoTls(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        client.setSoTimeout(5000);
        client.getInputStream().readNBytes(8);
        client.getOutputStream().write('N');
        client.getOutputStream().flush();
        // a driver that goes on without TLS would send its startup packet (and a password) next
        client.getInputStream().read();
      } catch (IOException closed) {
        return;
      }
    }
  }
}
