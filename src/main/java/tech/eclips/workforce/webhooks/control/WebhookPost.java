package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Sends one {@link WebhookMessage}: the destination is resolved and checked now ({@link
 * Destinations#resolve}), the connection made to that very address ({@link PinnedSockets}), one
 * HTTP/1.1 POST written, and only the response's status line and headers read (at most 16 KiB) and
 * at most {@link DeliverySettings#MAX_RESPONSE_BODY_BYTES} of its body, which is dropped. Redirects
 * are not followed (a 3xx is a failure). Every read is bounded by the read timeout and the whole
 * attempt by the attempt timeout, so a receiver that trickles cannot hold a worker.
 */
@ApplicationScoped
public class WebhookPost {

  static final int MAX_HEAD_BYTES = 16 * 1024;
  static final String USER_AGENT = "eClips-Webhooks/1";

  @Inject Destinations destinations;
  @Inject DeliverySettings settings;
  @Inject DeliveryTls tls;

  public AttemptResult send(WebhookMessage message) {
    long start = System.nanoTime();
    if (!"https".equalsIgnoreCase(message.url().getScheme()) && !destinations.plainHttpAllowed()) {
      return AttemptResult.refused("only https outside dev mode");
    }
    Destination destination;
    try {
      destination = destinations.resolve(message.url());
    } catch (DestinationRefused e) {
      return AttemptResult.refused(e.getMessage());
    }
    long deadline = start + settings.attemptTimeout().toNanos();
    try (Socket socket =
        PinnedSockets.open(
            destination, tls.factory(), settings.connectTimeout(), settings.readTimeout())) {
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      out.write(head(message, destination).getBytes(StandardCharsets.US_ASCII));
      out.write(message.body());
      out.flush();
      int status =
          new ResponseReader(new BufferedInputStream(socket.getInputStream()), deadline).status();
      return new AttemptResult(
          status, millisSince(start), status / 100 == 2 ? null : "HTTP " + status);
    } catch (SocketTimeoutException | AttemptTimedOut e) {
      return new AttemptResult(null, millisSince(start), "timed out");
    } catch (ConnectException e) {
      return new AttemptResult(null, millisSince(start), "connection refused");
    } catch (SSLException e) {
      return new AttemptResult(null, millisSince(start), "TLS failed (certificate or handshake)");
    } catch (IOException e) {
      return new AttemptResult(
          null, millisSince(start), "I/O error (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  static String head(WebhookMessage message, Destination destination) {
    URI url = message.url();
    String target =
        (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    String host =
        destination.host().contains(":") ? "[" + destination.host() + "]" : destination.host();
    boolean defaultPort = destination.port() == (destination.https() ? 443 : 80);
    return "POST "
        + target
        + " HTTP/1.1\r\n"
        + "Host: "
        + host
        + (defaultPort ? "" : ":" + destination.port())
        + "\r\n"
        + "User-Agent: "
        + USER_AGENT
        + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: "
        + message.body().length
        + "\r\n"
        + WebhookSignature.ID_HEADER
        + ": "
        + message.id()
        + "\r\n"
        + WebhookSignature.TIMESTAMP_HEADER
        + ": "
        + message.timestampSeconds()
        + "\r\n"
        + WebhookSignature.SIGNATURE_HEADER
        + ": "
        + message.signature()
        + "\r\n"
        + "Connection: close\r\n\r\n";
  }

  /** The attempt's whole budget ran out between two reads. */
  static final class AttemptTimedOut extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Reads a response's status and drops the rest within the bounds above. */
  static final class ResponseReader {
    private final InputStream in;
    private final long deadline;
    private int read;

    ResponseReader(InputStream in, long deadline) {
      this.in = in;
      this.deadline = deadline;
    }

    int status() throws IOException {
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2
          || !parts[0].startsWith("HTTP/1.")
          || !parts[1].matches("[1-9][0-9]{2}")) {
        throw new IOException("not an HTTP/1.x response");
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          try {
            length = Long.parseLong(header.substring(colon + 1).trim());
          } catch (NumberFormatException ignored) {
            length = -1;
          }
        }
      }
      drain(
          length < 0
              ? DeliverySettings.MAX_RESPONSE_BODY_BYTES
              : Math.min(length, DeliverySettings.MAX_RESPONSE_BODY_BYTES));
      return status;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = next();
        if (b < 0) {
          throw new IOException("the response ended early");
        }
        if (++read > MAX_HEAD_BYTES) {
          throw new IOException("the response's head is too large");
        }
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r'
              ? line.substring(0, end - 1)
              : line.toString();
        }
        line.append((char) b);
      }
    }

    private void drain(long bytes) throws IOException {
      for (long i = 0; i < bytes; i++) {
        if (next() < 0) {
          return;
        }
      }
    }

    private int next() throws IOException {
      if (System.nanoTime() - deadline > 0) {
        throw new AttemptTimedOut();
      }
      return in.read();
    }
  }
}
