package tech.eclips.workforce.tools;

import java.io.IOException;
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
 * An {@link OwnServer} on Open Liberty: laid out from {@code liberty/} and the built WAR in the
 * runtime's {@code usr/servers/<name>}, started with Liberty's {@code server start} (which writes
 * {@code logs/console.log} as a production install does), killed through the pid file the start
 * script writes.
 */
public final class LibertyServer implements OwnServer {

  private final String name;
  private final Path wlp;
  private final Path directory;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A server of its own name: it must neither contain nor be contained in another's name. */
  public LibertyServer(Path wlp, String name, int httpPort) {
    this.name = name;
    this.wlp = wlp;
    this.directory = wlp.resolve("usr/servers").resolve(name);
    this.httpPort = httpPort;
  }

  @Override
  public Kind kind() {
    return Kind.LIBERTY;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /**
   * Config from liberty/, the driver, the WAR; the runtime's features were installed by the build.
   */
  @Override
  public void prepare(Path war, int httpsPort, DatabaseSettings db, Map<String, String> variables)
      throws IOException {
    if (!Files.isExecutable(wlp.resolve("bin/server"))) {
      throw new IllegalStateException("no Liberty runtime at " + wlp + "; build first");
    }
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("no WAR at " + war + "; build first");
    }
    Trees.delete(directory);
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
  @Override
  public void start(Duration readyWithin) throws IOException, InterruptedException {
    command(List.of(wlp.resolve("bin/server").toString(), "start", name), Duration.ofMinutes(5));
    if (!awaitReady(readyWithin)) {
      throw new IllegalStateException("server " + name + " did not become ready");
    }
  }

  @Override
  public boolean kill() throws IOException, InterruptedException {
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

  @Override
  public void stop() throws IOException, InterruptedException {
    try {
      command(List.of(wlp.resolve("bin/server").toString(), "stop", name), Duration.ofMinutes(1));
    } finally {
      kill();
    }
  }

  @Override
  public boolean awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready()) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private boolean ready() throws InterruptedException {
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

  @Override
  public boolean running() throws IOException {
    return process().isPresent();
  }

  /** The server's JVM, from the pid file Liberty's start script writes. */
  private Optional<ProcessHandle> process() throws IOException {
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
}
