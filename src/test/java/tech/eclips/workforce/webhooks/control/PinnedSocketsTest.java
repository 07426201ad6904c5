package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * The delivery reaches the checked address and no other: the URL's host here ends in {@code
 * .invalid}, which no resolver answers (RFC 6761), so reaching the receiver at all proves that no
 * lookup happened between the check and the connection.
 */
class PinnedSocketsTest {

  @Test
  void connectsToTheCheckedAddressWithoutResolvingTheHostAgain() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket receiver = new ServerSocket(0, 1, loopback)) {
      URI url = URI.create("http://receiver.eclips.invalid:" + receiver.getLocalPort() + "/hook");
      Destination checked =
          new Destination(url, "receiver.eclips.invalid", receiver.getLocalPort(), loopback);
      try (Socket sender =
              PinnedSockets.open(
                  checked,
                  (SSLSocketFactory) SSLSocketFactory.getDefault(),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(2));
          Socket accepted = receiver.accept()) {
        assertEquals(loopback, sender.getInetAddress());
        OutputStream out = sender.getOutputStream();
        out.write(
            "POST /hook HTTP/1.1\r\nHost: receiver.eclips.invalid\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = accepted.getInputStream();
        assertEquals("POST", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
      }
    }
  }

  /**
   * An https destination whose server does not present a certificate for the URL's host fails the
   * handshake: the checked address is reached, and TLS still verifies the name.
   */
  @Test
  void httpsToTheCheckedAddressStillVerifiesTheHostsCertificate() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket notTls = new ServerSocket(0, 1, loopback)) {
      Thread answer =
          new Thread(
              () -> {
                try (Socket s = notTls.accept()) {
                  s.getOutputStream()
                      .write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  s.getInputStream().read();
                } catch (IOException ignored) {
                  // the client gave up, as it should
                }
              });
      answer.start();
      URI url = URI.create("https://receiver.eclips.invalid:" + notTls.getLocalPort() + "/");
      Destination checked =
          new Destination(url, "receiver.eclips.invalid", notTls.getLocalPort(), loopback);
      assertThrows(
          IOException.class,
          () ->
              PinnedSockets.open(
                  checked,
                  SSLContext.getDefault().getSocketFactory(),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(2)));
      answer.join(5000);
    }
  }
}
