package tech.eclips.workforce.tools.noisy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection written by hand, for what a client library does not do on purpose: send a
 * body or read an answer a few bytes at a time. Never blocks the thread that drives it for long:
 * reads take only what has arrived.
 */
final class RawSocket implements AutoCloseable {

  private final Socket socket = new Socket();
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private int status;
  private boolean reported;

  /** Connects with a small receive buffer if asked (a slow reader's window stays small). */
  RawSocket(String host, int port, int receiveBuffer) throws IOException {
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(10_000);
  }

  void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * Reads what has arrived of the answer's head, at most {@code max} bytes; returns its status once
   * the status line is complete, 0 before, -1 if the server closed the connection first.
   */
  int pollStatus(int max) throws IOException {
    InputStream in = socket.getInputStream();
    int available = Math.min(max, in.available());
    for (int i = 0; i < available && status == 0; i++) {
      int b = in.read();
      if (b < 0) {
        return -1;
      }
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.startsWith("HTTP/1.") && text.indexOf("\r\n") > 12) {
        status = Integer.parseInt(text.substring(9, 12));
      }
    }
    return status;
  }

  /** Blocks until the status line has arrived, or throws once {@code deadlineNanos} has passed. */
  int awaitStatus(long deadlineNanos) throws IOException {
    InputStream in = socket.getInputStream();
    while (status == 0) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("no answer in time");
      }
      socket.setSoTimeout((int) Math.min(left, 10_000));
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before an answer");
      }
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.startsWith("HTTP/1.") && text.indexOf("\r\n") > 12) {
        status = Integer.parseInt(text.substring(9, 12));
      }
    }
    return status;
  }

  /**
   * Reads at most {@code max} bytes of what has already arrived (waiting a millisecond at most); -1
   * once the server closed the connection.
   */
  int sip(int max) throws IOException {
    socket.setSoTimeout(1);
    try {
      return socket.getInputStream().read(new byte[max]);
    } catch (SocketTimeoutException nothingYet) {
      return 0;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  /** True the first time it is asked: an answer is counted once however long it is read. */
  boolean firstReport() {
    boolean first = !reported;
    reported = true;
    return first;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to keep
    }
  }
}
