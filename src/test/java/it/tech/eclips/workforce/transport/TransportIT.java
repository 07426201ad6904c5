package it.tech.eclips.workforce.transport;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server answers HTTPS (the test server's self-signed keystore, trusted blindly here and only
 * here); HSTS is on every HTTPS response, refusals made before any resource included, and never on
 * plain HTTP. An idle keep-alive connection stays open for the 30 s clients are told of
 * (docs/api.md, "Connections"), and no longer.
 */
@ExtendWith(Deployments.class)
class TransportIT {

  private static final String HSTS = "max-age=31536000; includeSubDomains";
  private static final String NEW_KEY =
      "{\"name\":\"tls\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}";

  @Test
  void everyHttpsResponseCarriesHsts() throws Exception {
    String admin = Api.orgToken(Api.newOrg("team"), "org_admin");
    Reply anonymous = https("GET", "/v1/me", null);
    assertEquals(401, anonymous.status());
    assertEquals(HSTS, anonymous.header("Strict-Transport-Security"));
    assertEquals("nosniff", anonymous.header("X-Content-Type-Options"));
    Reply noToken = https("GET", "/console/v1/api-keys", null);
    assertEquals(401, noToken.status());
    assertEquals(HSTS, noToken.header("Strict-Transport-Security"));
    Reply created = https("POST", "/console/v1/api-keys", admin);
    assertEquals(201, created.status());
    assertEquals(HSTS, created.header("Strict-Transport-Security"));
    assertEquals("no-store", created.header("Cache-Control"));
    assertEquals("nosniff", created.header("X-Content-Type-Options"));
  }

  @Test
  void plainHttpNeverCarriesHsts() {
    String admin = Api.orgToken(Api.newOrg("team"), "org_admin");
    assertNull(Api.get("/v1/me").expect(401).header("Strict-Transport-Security"));
    assertNull(Api.get("/console/v1/api-keys").expect(401).header("Strict-Transport-Security"));
    Api.Reply created = Api.post("/console/v1/api-keys", NEW_KEY, bearer(admin)).expect(201);
    assertNull(created.header("Strict-Transport-Security"));
    assertEquals("no-store", created.header("Cache-Control"));
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterAboutThirtySeconds() throws Exception {
    try (Socket socket = new Socket("localhost", Integer.getInteger("eclips.http.port", 9080))) {
      socket.setSoTimeout(90_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      StringBuilder answer = new StringBuilder();
      long lastByte = System.nanoTime();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        lastByte = System.nanoTime();
      }
      Duration idle = Duration.ofNanos(System.nanoTime() - lastByte);
      assertTrue(answer.toString().startsWith("HTTP/1.1 401 "), answer::toString);
      // kept past the 20 s a client is told to keep it, closed well before Undertow's own 60 s
      assertTrue(idle.compareTo(Duration.ofSeconds(20)) > 0, () -> "closed after " + idle);
      assertTrue(idle.compareTo(Duration.ofSeconds(45)) < 0, () -> "closed after " + idle);
    }
  }

  private static Reply https(String method, String path, String token) throws Exception {
    URI uri =
        URI.create("https://localhost:" + System.getProperty("eclips.https.port", "9443") + path);
    // the HTTPS port opens once Liberty has created the test keystore
    return await(method + " " + uri)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(ConnectException.class)
        .until(() -> send(uri, method, token), reply -> true);
  }

  private static Reply send(URI uri, String method, String token) throws Exception {
    HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection();
    connection.setSSLSocketFactory(TestTls.trustingEveryone().getSocketFactory());
    connection.setHostnameVerifier((host, session) -> true);
    connection.setRequestMethod(method);
    if (token != null) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    if (method.equals("POST")) {
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = connection.getOutputStream()) {
        out.write(NEW_KEY.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = connection.getResponseCode();
    try (InputStream body =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      if (body != null) {
        body.readAllBytes();
      }
    } catch (IOException ignored) {
      // only the head matters here
    }
    return new Reply(status, connection.getHeaderFields());
  }

  private record Reply(int status, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> name.equalsIgnoreCase(e.getKey()))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }
}
