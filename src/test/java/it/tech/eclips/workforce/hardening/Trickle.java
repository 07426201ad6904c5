package it.tech.eclips.workforce.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A slow client by hand: announces a large upload, then sends a few bytes at a time (as a
 * slow-loris does), and records the status of an answer if one comes before it gives up.
 */
final class Trickle implements AutoCloseable {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final Socket socket;
  private final CompletableFuture<String> head = new CompletableFuture<>();
  private volatile boolean closed;

  private Trickle(Socket socket) {
    this.socket = socket;
  }

  /** Starts a {@code POST /v1/documents} of {@code announced} bytes, 64 every half second. */
  static Trickle upload(String key, long announced) throws IOException {
    Socket socket =
        new Socket("localhost", Integer.parseInt(System.getProperty("eclips.http.port", "9080")));
    Trickle trickle = new Trickle(socket);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/documents?name=slow.png HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: image/png\r\nContent-Length: "
                + announced
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(PNG);
    out.flush();
    daemon(trickle::send);
    daemon(trickle::readHead);
    return trickle;
  }

  /** The status line and headers, once the server answered (before the body was sent). */
  CompletableFuture<String> head() {
    return head;
  }

  int status() {
    return Integer.parseInt(head.join().substring(9, 12));
  }

  /** A header's value in the answer, or null. */
  String header(String name) {
    for (String line : head.join().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  boolean answered() {
    return head.isDone() && !head.isCompletedExceptionally();
  }

  private void send() {
    byte[] piece = new byte[64];
    try {
      while (!closed && !head.isDone()) {
        socket.getOutputStream().write(piece);
        socket.getOutputStream().flush();
        TimeUnit.MILLISECONDS.sleep(500);
      }
    } catch (IOException | InterruptedException e) {
      // the server closed the connection, or the test did
    }
  }

  private void readHead() {
    try {
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      while (!text.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed before an answer");
        }
        text.append((char) b);
      }
      head.complete(text.toString());
    } catch (IOException e) {
      head.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "trickle");
    thread.setDaemon(true);
    thread.start();
  }
}
