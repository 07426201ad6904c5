package it.tech.eclips.workforce.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import it.tech.eclips.workforce.harness.TestDatabaseSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import tech.eclips.workforce.tools.ReceiverCertificate;

/**
 * Real HTTPS receivers for WebhookDeliveryIT: one JDK {@code HttpsServer} on the allow-listed
 * 127.0.0.77 with a self-signed certificate made here by the JDK's keytool (for that address), the
 * certificate put in the trust store the test server reads. Each receiver is a path; it records
 * every request and answers as told: a status, after a delay.
 */
final class Receivers implements AutoCloseable {

  /** One request as it arrived. */
  record Received(String path, Map<String, String> headers, byte[] body, int answered, Instant at) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** How a path answers now. */
  record Behaviour(int status, Duration delay) {}

  private static final String PASSWORD = "DEV-ONLY-receiver";
  private static final Path DIR = TestDatabaseSession.WEBHOOK_TRUST_STORE.getParent();

  private final HttpsServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(24);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();

  Receivers() throws Exception {
    SSLContext tls = certificateAndTrust();
    server =
        HttpsServer.create(
            new InetSocketAddress(TestDatabaseSession.WEBHOOK_RECEIVER_ADDRESS, 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** {@code https://127.0.0.77:<port>/<name>}. */
  String url(String name) {
    return "https://"
        + TestDatabaseSession.WEBHOOK_RECEIVER_ADDRESS
        + ":"
        + server.getAddress().getPort()
        + "/"
        + name;
  }

  void answer(String name, int status, Duration delay) {
    behaviours.put("/" + name, new Behaviour(status, delay));
  }

  List<Received> at(String name) {
    return received.stream().filter(r -> r.path().equals("/" + name)).toList();
  }

  /**
   * The most requests open at once to one receiver ({@code name}) or to a group of them (the names'
   * part before a {@code -}).
   */
  int maxConcurrent(String group) {
    return maxInFlight.getOrDefault(group, 0);
  }

  private String group(String path) {
    int dash = path.indexOf('-');
    return dash < 0 ? path.substring(1) : path.substring(1, dash);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String group = group(path);
    for (String counted : List.of(group, path.substring(1))) {
      int now = inFlight.computeIfAbsent(counted, g -> new AtomicInteger()).incrementAndGet();
      maxInFlight.merge(counted, now, Math::max);
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Behaviour behaviour = behaviours.getOrDefault(path, new Behaviour(200, Duration.ZERO));
      if (!behaviour.delay().isZero()) {
        Thread.sleep(behaviour.delay().toMillis());
      }
      Map<String, String> headers = new ConcurrentHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
      received.add(new Received(path, headers, body, behaviour.status(), Instant.now()));
      byte[] answer = "{\"ok\":true}".getBytes();
      exchange.sendResponseHeaders(behaviour.status(), answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.get(group).decrementAndGet();
      inFlight.get(path.substring(1)).decrementAndGet();
      exchange.close();
    }
  }

  /** The receiver's key pair and certificate (keytool), and the trust store the server reads. */
  private static SSLContext certificateAndTrust() throws Exception {
    return ReceiverCertificate.make(
        DIR,
        TestDatabaseSession.WEBHOOK_TRUST_STORE,
        TestDatabaseSession.WEBHOOK_RECEIVER_ADDRESS,
        PASSWORD,
        TestDatabaseSession.WEBHOOK_TRUST_STORE_PASSWORD);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
