package it.tech.eclips.workforce.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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
   * Starts the server with the built WAR deployed, once for every black-box test class of the run
   * ({@code Deployments}), and returns once the application answers. Liberty picks the WAR up from
   * dropins, WildFly from its deployment scanner's folder: where Arquillian put it before, so a
   * restart of the application (below) works as it did. Closing what it returns stops the server.
   */
  public Started startWith(Path war, Duration within) {
    refuseABusyPort(Integer.getInteger("eclips.http.port", 9080));
    Path logs = directory().resolve("logs");
    try {
      Files.createDirectories(logs);
      removeDeployment();
      Files.copy(war, deployed(), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Started started;
    if (this == LIBERTY) {
      // Liberty's own start script: it writes logs/console.log, as on an install
      run(Duration.ofMinutes(3), libertyScript().toString(), "start", libertyServer());
      started = new Started(this, null);
    } else {
      started = new Started(this, startWildFly(logs.resolve("console.log")));
    }
    try {
      started.awaitApplication(within);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** A server {@link #startWith} started; {@code wildfly} is WildFly's start script, else null. */
  public record Started(TestServer server, Process wildfly) implements AutoCloseable {

    /** Stops the server and takes the WAR out again, so no later server start deploys it. */
    @Override
    public void close() {
      try {
        if (server == LIBERTY) {
          run(Duration.ofMinutes(2), libertyScript().toString(), "stop", libertyServer());
        } else {
          stopWildFly(wildfly);
        }
      } finally {
        try {
          server.removeDeployment();
        } catch (IOException e) {
          System.err.println("could not remove " + server.deployed() + ": " + e);
        }
      }
    }

    /**
     * Waits until the application answers a request without a key with its own 401 (one carrying
     * its X-Request-Id); fails at once when the server reports that the deployment failed.
     */
    private void awaitApplication(Duration within) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest me =
          HttpRequest.newBuilder(
                  java.net.URI.create(
                      "http://localhost:"
                          + System.getProperty("eclips.http.port", "9080")
                          + "/v1/me"))
              .timeout(Duration.ofSeconds(10))
              .build();
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<Void> reply = http.send(me, HttpResponse.BodyHandlers.discarding());
          if (reply.statusCode() == 401 && reply.headers().firstValue("X-Request-Id").isPresent()) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        refuseAFailedStart();
        pause(Duration.ofMillis(250));
      }
      throw new IllegalStateException(
          "the application did not answer within " + within + "; see " + directory() + "/logs");
    }

    private void refuseAFailedStart() {
      if (server == WILDFLY) {
        Path failed = directory().resolve("deployments/eclips-workforce.war.failed");
        if (!wildfly.isAlive() || Files.exists(failed)) {
          throw new IllegalStateException(
              "WildFly did not deploy the WAR: " + read(failed) + "; see " + directory() + "/logs");
        }
      } else if (read(directory().resolve("logs/messages.log")).contains("CWWKZ0002E")) {
        throw new IllegalStateException(
            "Liberty did not start the application (CWWKZ0002E); see " + directory() + "/logs");
      }
    }
  }

  /** The WAR and, on WildFly, its scanner's marker files (.deployed, .failed, ...). */
  private void removeDeployment() throws IOException {
    Path war = deployed();
    Files.deleteIfExists(war);
    if (this == WILDFLY) {
      try (var markers = Files.newDirectoryStream(war.getParent(), war.getFileName() + ".*")) {
        for (Path marker : markers) {
          Files.delete(marker);
        }
      }
    }
  }

  /** Where the WAR is deployed from: the folder the server watches. */
  private Path deployed() {
    return directory()
        .resolve(this == LIBERTY ? "dropins" : "deployments")
        .resolve("eclips-workforce.war");
  }

  private static Path libertyScript() {
    // <wlp>/usr/servers/<name>
    return directory().getParent().getParent().getParent().resolve("bin/server");
  }

  private static String libertyServer() {
    return directory().getFileName().toString();
  }

  /**
   * WildFly's JVM, started as Arquillian's managed container started it (wildfly/arquillian.xml).
   */
  private static Process startWildFly(Path console) {
    Path home = Path.of(System.getProperty("eclips.wildfly.home"));
    ProcessBuilder standalone =
        new ProcessBuilder(
                home.resolve("bin/standalone.sh").toString(),
                "-c",
                "standalone.xml",
                "-P=" + directory().resolve("configuration/eclips-it.properties"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
    standalone.environment().put("JBOSS_HOME", home.toString());
    standalone.environment().put("JAVA_OPTS", System.getProperty("eclips.wildfly.jvm.args", ""));
    // the script then hands a TERM on to the JVM, which stops in order
    standalone.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
    try {
      return standalone.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An orderly stop (SIGTERM to the JVM); one that does not end within a minute is killed. */
  private static void stopWildFly(Process standalone) {
    List<ProcessHandle> jvms = standalone.descendants().toList();
    jvms.forEach(ProcessHandle::destroy);
    standalone.destroy();
    for (ProcessHandle process : concat(jvms, standalone.toHandle())) {
      try {
        process.onExit().get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private static List<ProcessHandle> concat(List<ProcessHandle> processes, ProcessHandle last) {
    List<ProcessHandle> all = new java.util.ArrayList<>(processes);
    all.add(last);
    return all;
  }

  /** Never a server someone else started on our port: the tests would talk to it instead. */
  private static void refuseABusyPort(int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress("0.0.0.0", port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is taken: another server runs there (eclips.http.port)", e);
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Asks the server to stop and start the deployed application (not the server): Liberty restarts
   * an application whose archive in dropins changed; WildFly redeploys on a management operation,
   * whose end the returned future tells (null for Liberty: only the answers show its restart).
   */
  java.util.concurrent.CompletableFuture<Void> triggerRestart() {
    if (this == LIBERTY) {
      Path war = directory().resolve("dropins/eclips-workforce.war");
      try {
        Files.setLastModifiedTime(war, FileTime.from(Instant.now()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    }
    // jboss-cli authenticates locally (same user, same machine): no management password exists.
    // Its :redeploy answers once the application is deployed again.
    Path cli = Path.of(System.getProperty("eclips.wildfly.home"), "bin", "jboss-cli.sh");
    String controller =
        "remote+http://127.0.0.1:" + System.getProperty("eclips.wildfly.management.port");
    java.util.concurrent.CompletableFuture<Void> redeployed =
        new java.util.concurrent.CompletableFuture<>();
    Thread redeploy =
        new Thread(
            () -> {
              try {
                run(
                    Duration.ofMinutes(2),
                    cli.toString(),
                    "--connect",
                    "--controller=" + controller,
                    "--command=/deployment=eclips-workforce.war:redeploy");
                redeployed.complete(null);
              } catch (RuntimeException e) {
                redeployed.completeExceptionally(e);
              }
            },
            "wildfly-redeploy");
    redeploy.setDaemon(true);
    redeploy.start();
    return redeployed;
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
   * Where MicroProfile Health answers: the application's HTTP port on both servers (WildFly passes
   * /health/* on to its management interface, wildfly/configure.cli).
   */
  public static java.net.URI health(String path) {
    return java.net.URI.create(
        "http://localhost:" + System.getProperty("eclips.http.port", "9080") + path);
  }

  private static String run(Duration within, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
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
