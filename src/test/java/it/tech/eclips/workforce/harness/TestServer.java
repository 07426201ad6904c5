package it.tech.eclips.workforce.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * The few test mechanics that differ between the application servers the suite runs on (the build
 * chooses with {@code eclips.server.kind}: Liberty by default, WildFly under {@code -Pwildfly}).
 * Everything the tests assert is the same on both; only how the harness reaches the server differs.
 */
public enum TestServer {
  LIBERTY,
  WILDFLY;

  public static TestServer current() {
    return "wildfly".equals(System.getProperty("eclips.server.kind")) ? WILDFLY : LIBERTY;
  }

  /** The server's home for this run: Liberty's server directory, WildFly's standalone directory. */
  public static Path directory() {
    return Path.of(System.getProperty("eclips.server.dir"));
  }

  /**
   * Points the not yet started server at the test database and settings: a configDropins override
   * on Liberty, a system-properties file that standalone.sh loads (-P, see wildfly/arquillian.xml)
   * on WildFly. Both carry the same names, which is what the application reads through MP Config.
   */
  void pointAt(DatabaseSettings database, Map<String, String> variables) {
    if (this == LIBERTY) {
      ServerOverrides.write(directory(), database, List.of("localConnector-1.0"), variables);
    } else {
      ServerOverrides.writeProperties(
          directory().resolve("configuration/eclips-it.properties"), database, variables);
    }
  }

  /**
   * Asks the server to stop and start the deployed application (not the server): Liberty restarts
   * an application whose archive in dropins changed; WildFly redeploys on a management operation.
   */
  void triggerRestart() {
    if (this == LIBERTY) {
      Path war = directory().resolve("dropins/eclips-workforce.war");
      try {
        Files.setLastModifiedTime(war, FileTime.from(Instant.now()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      // jboss-cli authenticates locally (same user, same machine): no management password exists.
      Path cli = Path.of(System.getProperty("eclips.wildfly.home"), "bin", "jboss-cli.sh");
      String controller =
          "remote+http://127.0.0.1:" + System.getProperty("eclips.wildfly.management.port");
      Thread redeploy =
          new Thread(
              () ->
                  run(
                      cli.toString(),
                      "--connect",
                      "--controller=" + controller,
                      "--command=/deployment=eclips-workforce.war:redeploy"),
              "wildfly-redeploy");
      redeploy.setDaemon(true);
      redeploy.start();
    }
  }

  /**
   * A {@code pgrep -f} pattern for the server's JVM, anchored so that another engineer's server
   * whose name merely starts with ours never matches.
   */
  public String processPattern() {
    if (this == LIBERTY) {
      String server = directory().getFileName().toString();
      return "ws-server\\.jar " + server.replaceAll("[^A-Za-z0-9_-]", "\\\\$0") + "( |$)";
    }
    String home = System.getProperty("eclips.wildfly.home");
    // "[-]": a pattern must not start with "-", or pgrep takes it for an option
    return "[-]Djboss\\.home\\.dir=" + home.replaceAll("[^A-Za-z0-9_/-]", "\\\\$0") + "( |$)";
  }

  /**
   * Where MicroProfile Health answers: Liberty serves it on the application's HTTP port, WildFly
   * only on its management interface (docs/operations.md, WildFly).
   */
  public static java.net.URI health(String path) {
    return java.net.URI.create(
        (current() == LIBERTY
                ? "http://localhost:" + System.getProperty("eclips.http.port", "9080")
                : "http://localhost:"
                    + System.getProperty("eclips.wildfly.management.port", "9990"))
            + path);
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
