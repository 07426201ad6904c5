package it.tech.eclips.workforce.metrics;

import static org.awaitility.Awaitility.await;

import it.tech.eclips.workforce.harness.TestTls;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;

/**
 * One scrape of the test server's /metrics over HTTPS (the self-signed test certificate is
 * trusted), parsed from the Prometheus text format into samples.
 */
public record Scrape(int status, String body, List<Sample> samples) {

  /** One line: a metric name, its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public static Scrape as(String user, String password) throws Exception {
    return send("https", System.getProperty("eclips.https.port", "9443"), user, password);
  }

  static Scrape overPlainHttp(String user, String password) throws Exception {
    return send("http", System.getProperty("eclips.http.port", "9080"), user, password);
  }

  private static Scrape send(String scheme, String port, String user, String password)
      throws Exception {
    URI uri = URI.create(scheme + "://localhost:" + port + "/metrics");
    // the HTTPS port opens once Liberty has created the test keystore
    return await("/metrics on " + uri)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(ConnectException.class)
        .until(() -> once(uri, user, password), scrape -> true);
  }

  private static Scrape once(URI uri, String user, String password) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(TestTls.trustingEveryone().getSocketFactory());
      https.setHostnameVerifier((host, session) -> true);
    }
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(30_000);
    if (user != null) {
      String pair = user + ":" + password;
      connection.setRequestProperty(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    int status = connection.getResponseCode();
    String body;
    try (InputStream in =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new Scrape(status, body, status == 200 ? parse(body) : List.of());
  }

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return samples;
  }

  /** The sum of a metric's samples whose labels include all of {@code labels} (0 if none). */
  double value(String name, String... labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && hasAll(s.labels(), labels))
        .mapToDouble(Sample::value)
        .sum();
  }

  boolean has(String name, String... labels) {
    return samples.stream().anyMatch(s -> s.name().equals(name) && hasAll(s.labels(), labels));
  }

  private static boolean hasAll(Map<String, String> actual, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(actual.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
