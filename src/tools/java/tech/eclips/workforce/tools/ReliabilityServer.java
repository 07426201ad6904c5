package tech.eclips.workforce.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fault run's own Liberty server: laid out from {@code liberty/} and the built WAR under a name
 * and ports no other server uses, started, killed with SIGKILL and started again. Every wait is
 * bounded. The two-node test (TwoNodesIT) lays out its nodes the same way, each under its own name.
 * Started by Liberty's {@code server start}, it writes {@code logs/console.log} as a production
 * install does, which the console-output test (QuietConsoleIT) reads under a name of its own.
 */
public final class ReliabilityServer {

  static final String NAME = "eclips-reliability";

  private final String name;
  private final Path wlp;
  private final Path directory;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ReliabilityServer(Path wlp, int httpPort) {
    this(wlp, NAME, httpPort);
  }

  /** A server of its own name: it must neither contain nor be contained in another's name. */
  public ReliabilityServer(Path wlp, String name, int httpPort) {
    this.name = name;
    this.wlp = wlp;
    this.directory = wlp.resolve("usr/servers").resolve(name);
    this.httpPort = httpPort;
  }

  public Path directory() {
    return directory;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /**
   * Lays the server out afresh (config from liberty/, the driver, the WAR) so no log, workarea or
   * dropin of an earlier run survives; the runtime's features were installed by the build.
   */
  public void prepare(Path war, int httpsPort, DatabaseSettings db, Map<String, String> variables)
      throws IOException {
    if (!Files.isExecutable(wlp.resolve("bin/server"))) {
      throw new IllegalStateException("no Liberty runtime at " + wlp + "; build first");
    }
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("no WAR at " + war + "; build first");
    }
    deleteTree(directory);
    Files.createDirectories(directory.resolve("apps"));
    Files.createDirectories(directory.resolve("lib/global"));
    for (String file : List.of("server.xml", "jvm.options")) {
      Files.copy(Path.of("liberty", file), directory.resolve(file));
    }
    Files.writeString(
        directory.resolve("bootstrap.properties"),
        Files.readString(Path.of("liberty/bootstrap.properties"))
            + "eclips.http.port="
            + httpPort
            + "\neclips.https.port="
            + httpsPort
            + "\n");
    // What 'server create' would write: the default keystore's password, random per layout.
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    Files.writeString(
        directory.resolve("server.env"), "keystore_password=" + HexFormat.of().formatHex(secret));
    Path driver = Path.of(codeSource(org.postgresql.Driver.class));
    Files.copy(driver, directory.resolve("lib/global").resolve(driver.getFileName().toString()));
    Files.copy(war, directory.resolve("apps/eclips-workforce.war"));
    ServerOverrides.write(directory, db, List.of(), variables);
    Files.writeString(
        directory.resolve("configDropins/overrides/eclips-reliability-app.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n"
            + "  <webApplication location=\"eclips-workforce.war\" contextRoot=\"/\"/>\n"
            + "</server>\n");
  }

  /**
   * Starts the server and waits (bounded) until it reports ready. A bound, not a wait: several
   * servers start at once on 2 cores (the {@code @Slow} classes side by side, two builds in CI).
   */
  public void start(Duration readyWithin) throws IOException, InterruptedException {
    command(List.of(wlp.resolve("bin/server").toString(), "start", name), Duration.ofMinutes(5));
    if (!awaitReady(readyWithin)) {
      throw new IllegalStateException("server " + name + " did not become ready");
    }
  }

  /** SIGKILL, as a crash or an OOM killer would: no shutdown hook, no flush, no orderly stop. */
  boolean kill() throws IOException, InterruptedException {
    Optional<ProcessHandle> process = process();
    if (process.isEmpty()) {
      return false;
    }
    process.get().destroyForcibly();
    try {
      process.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("server process did not exit after SIGKILL", e);
    }
    return true;
  }

  /** An orderly stop; a server that does not stop in time is killed. */
  public void stop() throws IOException, InterruptedException {
    try {
      command(List.of(wlp.resolve("bin/server").toString(), "stop", name), Duration.ofMinutes(1));
    } finally {
      kill();
    }
  }

  boolean awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready()) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  boolean ready() throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(uri("/health/ready"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The server's JVM, from the pid file Liberty's start script writes. */
  Optional<ProcessHandle> process() throws IOException {
    Path pidFile = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  private void command(List<String> command, Duration within)
      throws IOException, InterruptedException {
    Path log = directory.resolve("server-commands.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in " + within);
    }
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
