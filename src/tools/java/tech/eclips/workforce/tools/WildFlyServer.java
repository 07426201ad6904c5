package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An {@link OwnServer} on WildFly: the server the build provisioned (its home), run from a base
 * directory of its own beside it ({@code jboss.server.base.dir}: a copy of its configuration, the
 * WAR in its deployments, its own {@code log/}), with its own ports: HTTP and HTTPS as given, the
 * management interface (which also answers health, passed on from the HTTP port) on HTTP + 20. Only
 * the management interface's HTTP port is bound (no HTTPS management, no AJP listener), so nodes on
 * neighbouring HTTP ports do not clash. {@code standalone.sh}'s output goes to {@code
 * log/console.log}, what an operator's terminal would show.
 */
public final class WildFlyServer implements OwnServer {

  private final Path home;
  private final Path base;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path properties;
  private Process standalone;

  /** A server of its own name: its base directory is {@code <home>/../<name>}. */
  public WildFlyServer(Path home, String name, int httpPort) {
    this.home = home;
    this.base = home.getParent().resolve(name);
    this.httpPort = httpPort;
  }

  @Override
  public Kind kind() {
    return Kind.WILDFLY;
  }

  @Override
  public Path directory() {
    return base;
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  @Override
  public void prepare(Path war, int httpsPort, DatabaseSettings db, Map<String, String> variables)
      throws IOException {
    if (!Files.isExecutable(home.resolve("bin/standalone.sh"))) {
      throw new IllegalStateException("no WildFly at " + home + "; build with -Pwildfly first");
    }
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("no WAR at " + war + "; build first");
    }
    Trees.delete(base);
    Path configuration = base.resolve("configuration");
    Files.createDirectories(configuration);
    // standalone.xml and its property files; not the test server's own settings (eclips-*) nor its
    // self-signed key store (each server creates its own)
    try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String fileName = file.getFileName().toString();
        if (!fileName.startsWith("eclips-") && !fileName.endsWith(".keystore")) {
          Files.copy(file, configuration.resolve(fileName));
        }
      }
    }
    Files.createDirectories(base.resolve("deployments"));
    Files.createDirectories(base.resolve("log"));
    Files.copy(
        war, base.resolve("deployments/eclips-workforce.war"), StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> settings = new HashMap<>(variables);
    settings.put("eclips.http.port", Integer.toString(httpPort));
    settings.put("eclips.https.port", Integer.toString(httpsPort));
    properties =
        ServerOverrides.writeProperties(
            configuration.resolve("eclips-server.properties"), db, settings);
  }

  /** {@code standalone.sh}, as on an install, and a bounded wait until it is ready. */
  @Override
  public void start(Duration readyWithin) throws IOException, InterruptedException {
    if (properties == null) {
      throw new IllegalStateException("WildFly server " + base + " was not prepared");
    }
    int management = httpPort + 20;
    ProcessBuilder start =
        new ProcessBuilder(
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-c",
                "standalone.xml",
                "-P=" + properties)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(base.resolve("log/console.log").toFile()));
    start.environment().put("JBOSS_HOME", home.toString());
    start
        .environment()
        .put(
            "JAVA_OPTS",
            "-Xms128m -Xmx512m -XX:+ExitOnOutOfMemoryError -Duser.timezone=UTC"
                + " -Dfile.encoding=UTF-8 -Djboss.management.http.port="
                + management
                // neither is bound (no AJP listener, management over HTTP only): any port
                + " -Djboss.management.https.port="
                + (management + 1)
                + " -Djboss.ajp.port="
                + (management + 1));
    // the script then hands a TERM on to the JVM, which stops in order
    start.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
    standalone = start.start();
    long deadline = System.nanoTime() + readyWithin.toNanos();
    while (System.nanoTime() < deadline) {
      if (!standalone.isAlive()
          || Files.exists(base.resolve("deployments/eclips-workforce.war.failed"))) {
        throw new IllegalStateException("WildFly server did not start; see " + base + "/log");
      }
      if (ready()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("WildFly server " + base + " did not become ready");
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

  /** Ready: health says so (WildFly's own checks include the deployment) and the API answers. */
  private boolean ready() throws InterruptedException {
    try {
      return http.send(
                      HttpRequest.newBuilder(uri("/health/ready"))
                          .timeout(Duration.ofSeconds(3))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200
          && http.send(
                  HttpRequest.newBuilder(uri("/v1/me")).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .headers()
              .firstValue("X-Request-Id")
              .isPresent();
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * Every process under {@code standalone.sh} (the JVM, and a subshell the script may have put
   * around it); the script exits once they are gone.
   */
  @Override
  public boolean kill() throws InterruptedException {
    List<ProcessHandle> jvm = jvm();
    if (jvm.isEmpty()) {
      return false;
    }
    jvm.forEach(ProcessHandle::destroyForcibly);
    try {
      for (ProcessHandle process : jvm) {
        process.onExit().get(30, TimeUnit.SECONDS);
      }
      standalone.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("WildFly's JVM did not exit after SIGKILL", e);
    }
    return true;
  }

  @Override
  public boolean running() {
    return !jvm().isEmpty();
  }

  private List<ProcessHandle> jvm() {
    if (standalone == null) {
      return List.of();
    }
    return standalone.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /** SIGTERM to the script and the JVM (an orderly stop); what has not ended in 60 s is killed. */
  @Override
  public void stop() {
    if (standalone == null) {
      return;
    }
    List<ProcessHandle> processes = new ArrayList<>(standalone.descendants().toList());
    processes.add(standalone.toHandle());
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception slow) {
        process.destroyForcibly();
      }
    }
  }
}
