package tech.eclips.workforce.webhooks.control;

import java.net.InetAddress;
import java.net.URI;

/**
 * Where a delivery may connect: the URL's host (for TLS: SNI and certificate check), its port, and
 * the one address that was checked. The delivery connects to {@link #address()} and nothing else,
 * so a second DNS answer cannot swap in another host between check and connect.
 */
public record Destination(URI url, String host, int port, InetAddress address) {

  public boolean https() {
    return "https".equalsIgnoreCase(url.getScheme());
  }
}
