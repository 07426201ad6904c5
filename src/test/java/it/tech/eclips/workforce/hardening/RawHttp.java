package it.tech.eclips.workforce.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request written by hand, for what java.net.http refuses to send (a path with a
 * broken percent-escape).
 */
final class RawHttp {

  private RawHttp() {}

  static Response get(int port, String rawPath) throws IOException {
    return get(port, rawPath, "");
  }

  /** {@code extraHeaders}: whole header lines, each ending in CRLF, sent as they are. */
  static Response get(int port, String rawPath, String extraHeaders) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + rawPath
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + extraHeaders
                  + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String[] head = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              head[i].substring(colon + 1).trim());
        }
      }
      int status = Integer.parseInt(head[0].split(" ")[1]);
      return new Response(status, headers, end < 0 ? "" : text.substring(end + 4));
    }
  }

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }
}
