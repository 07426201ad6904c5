package it.tech.eclips.workforce.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.ReliabilityServer;

/**
 * One node of the {@link Cluster}: a server of its own on the server kind of the build, a Liberty
 * laid out by {@link ReliabilityServer} or a WildFly node on the provisioned server ({@link
 * WildFlyNode}).
 */
interface Node {

  URI uri(String path);

  /** Starts the node and returns once it is ready; a node that is not within the bound fails. */
  void start(Duration readyWithin) throws Exception;

  /** An orderly stop; a node that does not stop in time is killed. */
  void stop() throws Exception;

  /** Lays the node out afresh: its name, HTTP port and HTTPS port are its own. */
  static Node prepare(
      String name,
      int httpPort,
      int httpsPort,
      Path war,
      DatabaseSettings db,
      Map<String, String> variables)
      throws Exception {
    if ("wildfly".equals(System.getProperty("eclips.server.kind"))) {
      return WildFlyNode.prepare(name, httpPort, httpsPort, war, db, variables);
    }
    Path wlp = Path.of(System.getProperty("eclips.server.dir")).getParent().getParent().getParent();
    ReliabilityServer liberty = new ReliabilityServer(wlp, name, httpPort);
    liberty.prepare(war, httpsPort, db, variables);
    return new Node() {
      @Override
      public URI uri(String path) {
        return liberty.uri(path);
      }

      @Override
      public void start(Duration readyWithin) throws Exception {
        liberty.start(readyWithin);
      }

      @Override
      public void stop() throws Exception {
        liberty.stop();
      }
    };
  }
}
