package tech.eclips.workforce.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The fault run's webhook receiver: a JDK {@code HttpsServer} on 127.0.0.77 (the address the fault
 * run's server allow-lists) with a certificate made by keytool for that address, written with a
 * trust store the server reads. It answers every delivery 200 and counts each {@code webhook-id} it
 * received, so that the run can check that no event was lost while the server was killed
 * mid-delivery (and see how many were delivered twice, which at-least-once allows).
 */
final class WebhookReceiver implements AutoCloseable {

  static final String ADDRESS = "127.0.0.77";
  static final String TRUST_PASSWORD = "DEV-ONLY-webhook-trust";
  private static final String KEY_PASSWORD = "DEV-ONLY-receiver";

  private final HttpsServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
  private final Path trustStore;

  WebhookReceiver(Path directory) throws Exception {
    Files.createDirectories(directory);
    trustStore = directory.resolve("trust.p12").toAbsolutePath();
    SSLContext tls = certificateAndTrust(directory);
    server = HttpsServer.create(new InetSocketAddress(ADDRESS, 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String url(String name) {
    return "https://" + ADDRESS + ":" + server.getAddress().getPort() + "/" + name;
  }

  Path trustStore() {
    return trustStore;
  }

  /** The webhook-ids received so far. */
  Set<String> ids() {
    return Set.copyOf(received.keySet());
  }

  /** Deliveries received beyond the first of their id. */
  long repeats() {
    return received.values().stream().mapToLong(n -> n.get() - 1).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      if (id != null) {
        received.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
      }
      exchange.sendResponseHeaders(200, -1);
    } finally {
      exchange.close();
    }
  }

  private static SSLContext certificateAndTrust(Path directory) throws Exception {
    return ReceiverCertificate.make(
        directory, directory.resolve("trust.p12"), ADDRESS, KEY_PASSWORD, TRUST_PASSWORD);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
