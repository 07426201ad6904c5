package tech.eclips.workforce.webhooks.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connects to a {@link Destination}'s checked address and nothing else: no DNS lookup happens here,
 * so no second answer can replace the address {@link Destinations#resolve} approved (DNS
 * rebinding). The JDK's {@code HttpClient} resolves the URL's host itself at connect time and
 * offers no per-client resolver, so the delivery speaks HTTP/1.1 over this socket instead. TLS is
 * layered on the connected socket with the URL's host name for SNI and for the certificate check
 * ({@code HTTPS} endpoint identification), exactly as if the name had been resolved to this
 * address. No proxy: a proxy would resolve the name again on its own.
 */
public final class PinnedSockets {

  private PinnedSockets() {}

  public static Socket open(
      Destination destination, SSLSocketFactory tls, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    Socket plain = new Socket(Proxy.NO_PROXY);
    try {
      plain.connect(
          new InetSocketAddress(destination.address(), destination.port()),
          Math.toIntExact(connectTimeout.toMillis()));
      plain.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
      if (!destination.https()) {
        return plain;
      }
      SSLSocket secure =
          (SSLSocket) tls.createSocket(plain, destination.host(), destination.port(), true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (!literalAddress(destination)) {
        parameters.setServerNames(List.of(new SNIHostName(destination.host())));
      }
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      return secure;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** SNI carries host names only, never an address literal (RFC 6066 §3). */
  private static boolean literalAddress(Destination destination) {
    try {
      return Destinations.literal(destination.host()).isPresent();
    } catch (Destinations.Refusal refusal) {
      return true;
    }
  }
}
