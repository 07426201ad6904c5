package tech.eclips.workforce.tools.noisy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Org B's steady mixed workload: {@link #THREADS} threads, each with its own key, start a cycle
 * every {@link #CYCLE} (never catching up in a burst after a slow one): {@code GET /v1/me}, a run
 * submitted and read back, a small document uploaded and downloaded, and every tenth cycle (of all
 * threads) the console's key list. About 30 requests a second: far below every limit B has (1,200
 * per key and minute on enterprise; the console every other second), so each request has one right
 * answer.
 */
final class VictimLoad {

  static final int THREADS = 3;
  static final Duration CYCLE = Duration.ofMillis(600);
  private static final int CONSOLE_EVERY = 10;

  static final String INVOICE =
      "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\","
          + "\"invoice_number\":\"%s\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\","
          + "\"due_date\":\"2026-12-01\",\"lines\":[{\"description\":\"Widget\",\"quantity\":3,"
          + "\"unit_price\":\"19.99\"}],\"tax_rate\":0.2,\"total\":71.96}}";

  private final Client client;
  private final Parties.Victim victim;
  private final AtomicLong cycles = new AtomicLong();

  VictimLoad(Target target, Parties.Victim victim) {
    this.client = new Client(target, "203.0.113.20");
    this.victim = victim;
  }

  /** Starts the threads, recording into {@code samples}; closing the crew stops them. */
  Crew start(String phase, Samples samples) {
    Crew crew = new Crew("victim-" + phase, false);
    for (int i = 0; i < THREADS; i++) {
      String key = victim.keys().get(i);
      crew.loop(
          "thread-" + i,
          () -> {
            long started = System.nanoTime();
            cycle(crew, key, samples);
            return CYCLE.minusNanos(System.nanoTime() - started);
          });
    }
    return crew;
  }

  /**
   * One cycle; it ends early once the crew stops, so that only the request in flight is waited for
   * (a starved cycle of six requests could otherwise outlast the phase by minutes).
   */
  private void cycle(Crew crew, String key, Samples samples) {
    long n = cycles.incrementAndGet();
    String[] bearer = Client.bearer(key);
    samples.add("GET /v1/me", 200, client.get("/v1/me", bearer));
    if (!crew.running()) {
      return;
    }
    Answer run =
        client.postJson(
            "/v1/agents/runs", String.format(INVOICE, "B-" + UUID.randomUUID()), bearer);
    samples.add("POST /v1/agents/runs", 202, run);
    if (run.status() == 202 && crew.running()) {
      String id = Parties.field(run, "id");
      samples.add("GET /v1/agents/runs/{id}", 200, client.get("/v1/agents/runs/" + id, bearer));
    }
    if (!crew.running()) {
      return;
    }
    byte[] text = ("victim document " + n).getBytes(StandardCharsets.UTF_8);
    Answer upload = client.post("/v1/documents?name=victim.txt", text, "text/plain", bearer);
    samples.add("POST /v1/documents", 201, upload);
    if (upload.status() == 201 && crew.running()) {
      String id = Parties.field(upload, "id");
      samples.add(
          "GET /v1/documents/{id}/content",
          200,
          client.get("/v1/documents/" + id + "/content", bearer));
    }
    if (n % CONSOLE_EVERY == 0 && crew.running()) {
      samples.add(
          "GET /console/v1/api-keys",
          200,
          client.get("/console/v1/api-keys", Client.bearer(victim.adminToken())));
    }
  }
}
