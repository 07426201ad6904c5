package it.tech.eclips.workforce.harness;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS for tests against the test server's self-signed certificate: trust it without checking. */
public final class TestTls {

  private TestTls() {}

  public static SSLContext trustingEveryone() throws Exception {
    TrustManager blind =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {blind}, null);
    return context;
  }
}
