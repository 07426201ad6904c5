package it.tech.eclips.workforce.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written byte by byte, for what java.net.http refuses to send: control characters and
 * non-ASCII bytes in headers, broken percent-escapes in the request target.
 */
final class RawExchange {

  private RawExchange() {}

  /** {@code head}: the request line and header lines without the final CRLF, ISO-8859-1 bytes. */
  static HostileReply send(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String framing =
          "Host: localhost\r\nConnection: close\r\n"
              + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
              + "\r\n";
      out.write((head + "\r\n" + framing).getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static HostileReply parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete answer head: " + text.length() + " bytes");
    }
    String[] head = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            head[i].substring(colon + 1).trim());
      }
    }
    byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new HostileReply(
        Integer.parseInt(head[0].split(" ")[1]), headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, at);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int length = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (length == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + length + 2;
    }
    return body.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
