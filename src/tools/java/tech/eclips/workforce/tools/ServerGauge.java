package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One gauge of the benchmark's own server, read from its /metrics (HTTPS only, the metrics reader's
 * password set for the run). The bench server's certificate is Liberty's self-signed one on
 * 127.0.0.1, so this client trusts any: it is used for nothing else.
 */
final class ServerGauge {

  private final HttpClient http;
  private final URI metrics;
  private final String authorization;

  ServerGauge(int httpsPort, String user, String password) throws GeneralSecurityException {
    SSLContext blind = SSLContext.getInstance("TLS");
    blind.init(null, new TrustManager[] {new TrustingEveryone()}, null);
    this.http =
        HttpClient.newBuilder().sslContext(blind).connectTimeout(Duration.ofSeconds(5)).build();
    this.metrics = URI.create("https://127.0.0.1:" + httpsPort + "/metrics");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The gauge's value, or NaN if the server does not report it. */
  double read(String name) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(metrics)
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return valueOf(response.body(), name);
  }

  /** The first sample of {@code name} in Prometheus' text format. */
  static double valueOf(String text, String name) {
    Matcher sample =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})?\\s+(\\S+)").matcher(text);
    return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
  }

  /**
   * Trusts the bench server's self-signed certificate (and any other: used for nothing else).
   * Extended, so that the JDK does not add its host name check around it.
   */
  private static final class TrustingEveryone extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // not a server
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // the bench server on 127.0.0.1, self-signed
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // not a server
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // the bench server on 127.0.0.1, self-signed
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // not a server
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // the bench server on 127.0.0.1, self-signed
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
