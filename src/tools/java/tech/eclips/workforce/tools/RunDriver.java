package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.eclips.workforce.tools.Operation.Kind;
import tech.eclips.workforce.tools.Operation.Outcome;
import tech.eclips.workforce.tools.ReliabilitySeed.Org;

/**
 * Client threads creating runs as a careful client would: every operation has its own
 * Idempotency-Key and is retried with the same key and body after a timeout, a connection error, a
 * 5xx or a 429, with backoff, until it gets a definite answer or its retry budget runs out.
 */
final class RunDriver {

  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");
  private static final Pattern RUN_PATH = Pattern.compile("/v1/agents/runs/([0-9a-f-]{36})$");

  private final URI runs;
  private final List<Org> orgs;
  private final Duration retryBudget;
  private final Duration pause;
  private final ConcurrentLinkedQueue<Operation> done = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  RunDriver(URI runs, List<Org> orgs, Duration retryBudget, Duration pause) {
    this.runs = runs;
    this.orgs = orgs;
    this.retryBudget = retryBudget;
    this.pause = pause;
  }

  void start(int clients, long seed, int maxOperationsPerClient) {
    for (int i = 0; i < clients; i++) {
      Random random = new Random(seed + i);
      String prefix = "rel-" + seed + "-" + i + "-";
      Thread client =
          new Thread(() -> loop(random, prefix, maxOperationsPerClient), "reliability-client-" + i);
      client.setDaemon(true);
      threads.add(client);
      client.start();
    }
  }

  /** Starts no new operation; those in flight finish within their retry budget. */
  List<Operation> stop() throws InterruptedException {
    stopping = true;
    long deadline = System.nanoTime() + retryBudget.plusSeconds(30).toNanos();
    for (Thread client : threads) {
      client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      client.interrupt();
    }
    return new ArrayList<>(done);
  }

  /** Operations finished so far (for progress lines). */
  int finished() {
    return done.size();
  }

  private void loop(Random random, String prefix, int maxOperations) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    for (int n = 0; n < maxOperations && !stopping; n++) {
      Org org = pickOrg(random);
      Kind kind = org.label().equals("lean") ? Kind.INVOICE : pickKind(random);
      String key = prefix + n + "-" + UUID.randomUUID();
      done.add(perform(http, kind, org, key));
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The lean org gets a sixth of the traffic: enough to spend its credits and meet 402s. */
  private Org pickOrg(Random random) {
    int draw = random.nextInt(6);
    return draw == 0 ? orgs.get(2) : orgs.get(draw % 2);
  }

  /**
   * Simulated failures are one operation in twenty: an org's breaker opens after 5 consecutive
   * failures, which this mix makes rare (and a 503 circuit_open is a definite refusal anyway).
   */
  private static Kind pickKind(Random random) {
    int draw = random.nextInt(20);
    if (draw == 0) {
      return Kind.SIMULATED_FAILURE;
    }
    if (draw < 4) {
      return Kind.TEST_INVOICE;
    }
    return draw < 9 ? Kind.CLASSIFICATION : Kind.INVOICE;
  }

  /** Always recorded: an operation interrupted before a definite answer is unknown. */
  private Operation perform(HttpClient http, Kind kind, Org org, String key) {
    HttpRequest request =
        HttpRequest.newBuilder(runs)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + (kind.live ? org.liveKey() : org.testKey()))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(kind.body(key)))
            .build();
    long deadline = System.nanoTime() + retryBudget.toNanos();
    long backoffMillis = 100;
    int status = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        Optional<Operation> answer = definite(kind, org, key, response, attempt);
        if (answer.isPresent()) {
          return answer.get();
        }
        // Otherwise (5xx, 429) no answer: the request may or may not have been committed.
      } catch (IOException noAnswer) {
        // refused, reset or timed out: the same
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
        return unknown(kind, org, key, status, attempt);
      }
      if (System.nanoTime() + backoffMillis * 1_000_000 > deadline || !backOff(backoffMillis)) {
        return unknown(kind, org, key, status, attempt);
      }
      backoffMillis = Math.min(backoffMillis * 2, 2_000);
    }
  }

  /** Backoff with jitter, so retrying clients do not arrive in lockstep; false if interrupted. */
  private static boolean backOff(long millis) {
    try {
      Thread.sleep(millis + (long) (Math.random() * millis / 2));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Operation unknown(Kind kind, Org org, String key, int status, int attempt) {
    return new Operation(kind, org, key, Outcome.UNKNOWN, status, null, null, attempt, false);
  }

  /** A 202, or a refusal that promises nothing was created; empty when the answer is no answer. */
  private static Optional<Operation> definite(
      Kind kind, Org org, String key, HttpResponse<String> response, int attempt) {
    int status = response.statusCode();
    if (status == 202) {
      Matcher run = RUN_PATH.matcher(response.headers().firstValue("Location").orElse(""));
      UUID runId = run.find() ? UUID.fromString(run.group(1)) : null;
      boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
      return Optional.of(
          new Operation(kind, org, key, Outcome.OK, status, null, runId, attempt, replayed));
    }
    Matcher problem = CODE.matcher(response.body());
    String code = problem.find() ? problem.group(1) : null;
    // Only the application's own refusal is definite: it always carries a problem code. A 4xx
    // without one comes from the server around it (a 404 while Liberty is still starting after a
    // kill -9), which promises nothing: that is retried like no answer.
    boolean refusal =
        code != null
            && ((status >= 400 && status < 500 && status != 408 && status != 429)
                || (status == 503 && "circuit_open".equals(code)));
    return refusal
        ? Optional.of(
            new Operation(kind, org, key, Outcome.REFUSED, status, code, null, attempt, false))
        : Optional.empty();
  }
}
