package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's run command ({@code mvn -Pdev package}) ends here: provision the database, point the
 * Liberty server the build created at it, run the server in the foreground, stop everything on
 * Ctrl-C. The server is the dev runner's own ({@code eclips-dev}), never the one {@code
 * liberty:package} packages: dev mode and the DEV-ONLY key must not reach a shipped server.
 */
public final class DevServer {

  private DevServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path wlp = Path.of(args[0]);
    String serverName = args[1];
    String httpPort = args[2];
    Path serverDirectory = wlp.resolve("usr/servers").resolve(serverName);
    forgetOverridesOfOlderRunners(wlp);
    try (ProvisionedDatabase db =
        ProvisionedDatabase.provision(
            System.getenv(),
            System.getenv().getOrDefault("ECLIPS_DB_NAME", "eclips"),
            false,
            Path.of("target/devdb"),
            15432)) {
      ServerOverrides.write(serverDirectory, db.settings(), List.of(), DevTokens.serverVariables());
      Process server = startServer(wlp, serverName);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopServer(wlp, serverName, server)));
      printBanner(db, httpPort);
      int exit = server.waitFor();
      System.out.println("Liberty exited with " + exit);
    }
  }

  /** Dev runners before this one wrote dev mode into the packaged server's folder: remove it. */
  static void forgetOverridesOfOlderRunners(Path wlp) throws IOException {
    Files.deleteIfExists(
        wlp.resolve("usr/servers")
            .resolve(ServerOverrides.PACKAGED_SERVER)
            .resolve(ServerOverrides.FILE));
  }

  private static Process startServer(Path wlp, String serverName) throws IOException {
    Path script = wlp.resolve("bin/server");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(
          "no Liberty runtime at " + wlp + "; run through 'mvn -Pdev package'");
    }
    return new ProcessBuilder(script.toString(), "run", serverName).inheritIO().start();
  }

  private static void stopServer(Path wlp, String serverName, Process server) {
    if (!server.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", serverName)
          .inheritIO()
          .start()
          .waitFor();
    } catch (IOException | InterruptedException e) {
      server.destroy();
    }
  }

  private static void printBanner(ProvisionedDatabase db, String httpPort) {
    String base = "http://localhost:" + httpPort;
    System.out.printf(
        "%n  eClips Workforce is starting%n"
            + "    database  %s (%s; the app connects as %s)%n"
            + "    API       %s/v1%n"
            + "    OpenAPI   %s/openapi   (UI: %s/openapi/ui)%n"
            + "    health    %s/health/ready%n"
            + "    metrics   https://localhost:9443/metrics  (HTTPS port; user metrics, password %s)%n"
            + "  Ctrl-C stops the server%s.%n%n",
        db.settings().jdbcUrl(),
        db.isEmbedded() ? "embedded PostgreSQL, data in target/devdb" : "configured by ECLIPS_DB_*",
        db.settings().app().user(),
        base,
        base,
        base,
        base,
        ServerOverrides.DEV_METRICS_PASSWORD,
        db.isEmbedded() ? " and the embedded database" : "");
  }
}
