package tech.eclips.workforce.tools.noisy;

import java.net.URI;

/**
 * Where the server under test answers: its API ({@code http://localhost:<port>}) and its readiness
 * check (the same port on Liberty, the management port on WildFly).
 */
public record Target(URI base, URI readiness) {

  String host() {
    return base.getHost();
  }

  int port() {
    return base.getPort();
  }
}
