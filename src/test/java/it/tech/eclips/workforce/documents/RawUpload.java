package it.tech.eclips.workforce.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 by hand, for what a client library hides: whether the server answers before the body has
 * been sent, how much of it the server took, and whether it then closed the connection.
 */
final class RawUpload {

  private static final int PIECE = 64 * 1024;

  /** The status and head of the answer, the body bytes the client got to send, and the close. */
  record Outcome(int status, String head, long written, boolean closedByServer) {}

  private RawUpload() {}

  /**
   * Announces {@code declared} bytes with Content-Length, then sends {@code send} of them; waits
   * for the server to close the connection only if asked to.
   */
  static Outcome declaringLength(String key, long declared, long send, boolean awaitClose)
      throws IOException {
    return exchange(key, "Content-Length: " + declared, send, false, awaitClose);
  }

  /** Sends {@code total} bytes with chunked transfer coding (no length announced). */
  static Outcome chunked(String key, long total) throws IOException {
    return exchange(key, "Transfer-Encoding: chunked", total, true, true);
  }

  private static Outcome exchange(
      String key, String framing, long total, boolean chunked, boolean awaitClose)
      throws IOException {
    try (Socket socket =
        new Socket("localhost", Integer.parseInt(System.getProperty("eclips.http.port", "9080")))) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /v1/documents?name=big.png HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\nContent-Type: image/png\r\n"
              + framing
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> writeBody(out, total, chunked, written), "raw-upload");
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      String answer = readHead(in);
      boolean closed = awaitClose && readsToEnd(in);
      try {
        writer.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Outcome(Integer.parseInt(answer.substring(9, 12)), answer, written.get(), closed);
    }
  }

  /** A PNG signature, then zeros; stops at the first write the server no longer takes. */
  private static void writeBody(OutputStream out, long total, boolean chunked, AtomicLong written) {
    byte[] piece = new byte[PIECE];
    System.arraycopy(DocumentsIT.PNG, 0, piece, 0, DocumentsIT.PNG.length);
    try {
      while (written.get() < total) {
        int n = (int) Math.min(PIECE, total - written.get());
        if (chunked) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(piece, 0, n);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        written.addAndGet(n);
        java.util.Arrays.fill(piece, 0, DocumentsIT.PNG.length, (byte) 0);
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException closedByServer) {
      // what a refusal looks like from here
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a response: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** True if the server ends the connection (EOF or reset) within the socket timeout. */
  private static boolean readsToEnd(InputStream in) {
    byte[] buffer = new byte[8192];
    try {
      while (in.read(buffer) >= 0) {
        // the problem body; what matters is that the stream ends
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
