package it.tech.eclips.workforce.cluster;

import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tech.eclips.workforce.tools.DevTokens;
import tech.eclips.workforce.tools.OwnServer;

/**
 * Two servers of their own (Liberty, or WildFly under -Pwildfly: {@link OwnServer}) over the test
 * database, both counting rate limits in Redis under a key prefix of this run: names from {@code
 * eclips.cluster.node.prefix} (+1, +2) and ports from {@code eclips.cluster.http.port} / {@code
 * eclips.cluster.https.port} (+0, +1), so a second build on the machine sets its own. Laid out from
 * the built runtime and WAR as the fault run does.
 */
final class Cluster implements AutoCloseable {

  static final String REDIS = System.getProperty("eclips.it.redis.url", "redis://127.0.0.1:6379");

  private final List<OwnServer> nodes = new ArrayList<>();

  /** HTTP/1.1: no h2c upgrade to be refused by a node that is still warming up. */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  static Cluster start(String redisKeyPrefix) throws Exception {
    requireRedis();
    Path war = Path.of(System.getProperty("eclips.war"));
    String prefix = System.getProperty("eclips.cluster.node.prefix", "eclips-node");
    int http = Integer.getInteger("eclips.cluster.http.port", 9580);
    int https = Integer.getInteger("eclips.cluster.https.port", 9943);
    Map<String, String> variables = new HashMap<>(DevTokens.serverVariables());
    variables.put("eclips.ratelimit.store", "redis");
    variables.put("eclips.redis.url", REDIS);
    variables.put("eclips.redis.key-prefix", redisKeyPrefix);
    // A loaded build machine must not turn a slow reply into a per-node decision mid-test.
    variables.put("eclips.redis.timeout", "PT10S");
    Cluster cluster = new Cluster();
    for (int i = 0; i < 2; i++) {
      OwnServer node = OwnServer.ofThisBuild(prefix + (i + 1), http + i);
      cluster.nodes.add(node);
      node.prepare(war, https + i, TestDatabase.settings(), variables);
    }
    ExecutorService starting = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> started = new ArrayList<>();
      for (OwnServer node : cluster.nodes) {
        started.add(
            starting.submit(
                () -> {
                  node.start(Duration.ofMinutes(4));
                  return null;
                }));
      }
      for (Future<?> done : started) {
        done.get(5, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      cluster.close();
      throw e;
    } finally {
      starting.shutdownNow();
    }
    return cluster;
  }

  Reply send(int node, String method, String path, String body, String... headers) {
    URI uri = nodes.get(node).uri(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            // Generous: the nodes start cold on a shared 2-core machine.
            .timeout(Duration.ofSeconds(120))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(int node, String path, String... headers) {
    return send(node, "GET", path, null, headers);
  }

  Reply post(int node, String path, String body, String... headers) {
    return send(node, "POST", path, body, headers);
  }

  int size() {
    return nodes.size();
  }

  @Override
  public void close() throws Exception {
    for (OwnServer node : nodes) {
      try {
        node.stop();
      } catch (IllegalStateException slowStop) {
        // stop() kills a server that did not stop in time; nothing is left running.
      }
    }
  }

  /** Fails with a plain message rather than a wall of server errors when Redis is not there. */
  private static void requireRedis() throws IOException {
    URI uri = URI.create(REDIS);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      if (!"+PONG".equals(new String(reply, StandardCharsets.US_ASCII))) {
        throw new IllegalStateException("no Redis at " + REDIS + " (answered something else)");
      }
    } catch (IOException e) {
      throw new IOException(
          "the two-node test needs Redis at "
              + REDIS
              + " (set eclips.it.redis.url); .ci/run starts it",
          e);
    }
  }
}
