package it.tech.eclips.workforce.cluster;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * A WildFly node of the {@link Cluster}: the server the build provisioned ({@code
 * eclips.wildfly.home}), run from a base directory of its own beside it ({@code
 * jboss.server.base.dir}: a copy of its configuration, the WAR in its deployments, its own logs),
 * with its own ports: HTTP and HTTPS as given, the management interface (which also answers health,
 * passed on from the HTTP port) on HTTP + 20 + 2i and the next, where i is the node's index.
 */
final class WildFlyNode implements Node {

  private final Path base;
  private final int httpPort;
  private final int managementPort;
  private final Path properties;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process standalone;

  private WildFlyNode(Path base, int httpPort, int managementPort, Path properties) {
    this.base = base;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.properties = properties;
  }

  static WildFlyNode prepare(
      String name,
      int httpPort,
      int httpsPort,
      Path war,
      DatabaseSettings db,
      Map<String, String> variables)
      throws IOException {
    Path home = home();
    Path base = home.getParent().resolve(name);
    deleteTree(base);
    Path configuration = base.resolve("configuration");
    Files.createDirectories(configuration);
    // standalone.xml and its property files; not the test server's own settings (eclips-*) nor its
    // self-signed key store (each node creates its own)
    try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String fileName = file.getFileName().toString();
        if (!fileName.startsWith("eclips-") && !fileName.endsWith(".keystore")) {
          Files.copy(file, configuration.resolve(fileName));
        }
      }
    }
    Files.createDirectories(base.resolve("deployments"));
    Files.copy(
        war, base.resolve("deployments/eclips-workforce.war"), StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> settings = new java.util.HashMap<>(variables);
    settings.put("eclips.http.port", Integer.toString(httpPort));
    settings.put("eclips.https.port", Integer.toString(httpsPort));
    Path properties =
        ServerOverrides.writeProperties(
            configuration.resolve("eclips-node.properties"), db, settings);
    int index = httpPort - Integer.getInteger("eclips.cluster.http.port", 9580);
    return new WildFlyNode(base, httpPort, httpPort + 20 + 2 * index, properties);
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  @Override
  public void start(Duration readyWithin) throws Exception {
    Path home = home();
    Files.createDirectories(base.resolve("log"));
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
                + managementPort
                + " -Djboss.management.https.port="
                + (managementPort + 1)
                // neither is bound (no AJP listener, management over HTTP only): any free port
                + " -Djboss.ajp.port="
                + (managementPort + 1));
    start.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
    standalone = start.start();
    long deadline = System.nanoTime() + readyWithin.toNanos();
    while (System.nanoTime() < deadline) {
      if (!standalone.isAlive()
          || Files.exists(base.resolve("deployments/eclips-workforce.war.failed"))) {
        throw new IllegalStateException("WildFly node did not start; see " + base + "/log");
      }
      if (ready()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("WildFly node " + base + " did not become ready");
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

  private static Path home() {
    return Path.of(System.getProperty("eclips.wildfly.home"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
