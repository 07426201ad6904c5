package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A server of the built WAR that one tool or test lays out, starts, kills and stops on its own,
 * under a name and ports no other server uses: the fault run, the two nodes, the quiet start and
 * the sign-in. Open Liberty ({@link LibertyServer}, laid out from {@code liberty/} in the runtime
 * the build made) or WildFly ({@link WildFlyServer}, a base directory of its own beside the server
 * the build provisioned); the build's {@code eclips.server.kind} chooses. Every wait is bounded.
 */
public interface OwnServer {

  /** The kind a build names ({@code eclips.server.kind}); Liberty unless it says WildFly. */
  enum Kind {
    LIBERTY,
    WILDFLY;

    public static Kind named(String name) {
      return "wildfly".equalsIgnoreCase(name) ? WILDFLY : LIBERTY;
    }

    /** What the build under test set ({@code -Pwildfly}: WildFly). */
    public static Kind ofThisBuild() {
      return named(System.getProperty("eclips.server.kind"));
    }

    /**
     * The runtime the build under test made: the provisioned WildFly ({@code eclips.wildfly.home}),
     * or Liberty's wlp around the test server ({@code eclips.server.dir}, wlp/usr/servers/name).
     */
    public Path runtimeOfThisBuild() {
      return this == WILDFLY
          ? Path.of(System.getProperty("eclips.wildfly.home"))
          : Path.of(System.getProperty("eclips.server.dir")).getParent().getParent().getParent();
    }

    /** As {@code --server=} of the fault run names it. */
    public String option() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A server of the build under test's kind, in the runtime that build made. */
  static OwnServer ofThisBuild(String name, int httpPort) {
    Kind kind = Kind.ofThisBuild();
    return of(kind, kind.runtimeOfThisBuild(), name, httpPort);
  }

  /** A server of the given kind in the given runtime (Liberty's wlp, WildFly's home). */
  static OwnServer of(Kind kind, Path runtime, String name, int httpPort) {
    return kind == Kind.WILDFLY
        ? new WildFlyServer(runtime, name, httpPort)
        : new LibertyServer(runtime, name, httpPort);
  }

  Kind kind();

  /** Where it lives: its logs are under it. */
  Path directory();

  /** Plain HTTP on 127.0.0.1. */
  URI uri(String path);

  /**
   * Lays the server out afresh (configuration, the WAR, the database and settings given), so no
   * log, work area or deployment of an earlier run survives.
   */
  void prepare(Path war, int httpsPort, DatabaseSettings db, Map<String, String> variables)
      throws IOException;

  /** Starts it and returns once it is ready; one that is not within the bound fails. */
  void start(Duration readyWithin) throws IOException, InterruptedException;

  /**
   * SIGKILL of its JVM, as a crash or an OOM killer would: no shutdown hook, no flush. False when
   * no JVM of it ran.
   */
  boolean kill() throws IOException, InterruptedException;

  /** An orderly stop; a server that does not stop in time is killed. */
  void stop() throws IOException, InterruptedException;

  /** Waits (bounded) until it is ready: health says so and the application answers. */
  boolean awaitReady(Duration within) throws InterruptedException;

  /** Whether its JVM runs. */
  boolean running() throws IOException;
}
