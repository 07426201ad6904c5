package it.tech.eclips.workforce.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.fuzz.HostileVariants.Variant;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestServer;
import it.tech.eclips.workforce.matrix.ResourceModel;
import it.tech.eclips.workforce.matrix.ResourceModel.Operation;
import it.tech.eclips.workforce.matrix.Samples;
import it.tech.eclips.workforce.matrix.Samples.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONTRACT §5 and §10 under fuzzing: every compiled operation, called with valid credentials of the
 * right kind and scope, gets hostile bodies, query parameters, path ids and headers. No answer is a
 * 5xx; every error is problem+json with a code and a request id; every answer has an X-Request-Id;
 * none echoes the key, the token or an Idempotency-Key; afterwards the server is ready and its heap
 * is back near where it was.
 *
 * <p>Seeded ({@code -Declips.fuzz.seed=…}) and bounded ({@code -Declips.fuzz.budget.seconds=…}):
 * the variants are shuffled by the seed and the run stops itself when the budget is spent.
 */
@ExtendWith(Deployments.class)
class HostileInputIT {

  /**
   * What the heap may have grown by after a full GC: caches filled, pools warmed, classes loaded.
   */
  static final long HEAP_TOLERANCE = 64L << 20;

  private static final long SEED = Long.getLong("eclips.fuzz.seed", 20261129L);
  private static final Duration BUDGET =
      Duration.ofSeconds(Long.getLong("eclips.fuzz.budget.seconds", 150));
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final Random RANDOM = new Random(SEED);
  private static final java.util.concurrent.atomic.AtomicInteger CONTAINER_URI_REFUSALS =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final List<String> keys = new ArrayList<>();
  private static String admin;
  private static String platform;
  private static final Map<String, String> ids = new HashMap<>();
  private static final String IDEMPOTENCY_MARKER =
      "idem" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void orgWithObjects() {
    String org =
        Api.post(
                "/platform/v1/orgs",
                "{\"name\":\"fuzz target\",\"plan\":\"enterprise\"}",
                Api.bearer(Api.platformToken()))
            .expect(201)
            .json()
            .getString("id");
    String[] all =
        java.util.Arrays.stream(tech.eclips.workforce.keys.entity.Scope.values())
            .map(tech.eclips.workforce.keys.entity.Scope::code)
            .toArray(String[]::new);
    // several keys, used in turn: the fuzzing should not mostly measure the per-key rate limit
    for (int i = 0; i < 4; i++) {
      keys.add(Api.newKey(org, "test", all));
    }
    admin = Api.orgToken(org, "org_admin");
    platform = Api.platformToken();
    ids.put("orgs", org);
    ids.put(
        "api-keys",
        Api.newKey(org, "{\"name\":\"spare\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}")
            .getString("id"));
    ids.put("documents", it.tech.eclips.workforce.fuzz.Objects.document(keys.get(0)));
    ids.putAll(it.tech.eclips.workforce.fuzz.Objects.runAndTriageItem(org, keys.get(0)));
    ids.put(
        "events",
        Api.get("/v1/events?limit=1", Api.bearer(keys.get(0)))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getString("id"));
  }

  @Test
  void noHostileInputGetsA5xxAProblemlessErrorOrAnEchoedSecretAndTheHeapRecovers()
      throws Exception {
    long baseline = ServerHeap.usedAfterGc();
    List<Attempt> attempts = new ArrayList<>();
    for (Operation operation : ResourceModel.compiled().operations()) {
      for (Variant variant : variantsFor(operation)) {
        attempts.add(new Attempt(operation, variant));
      }
    }
    Collections.shuffle(attempts, RANDOM);
    System.out.printf(
        "HostileInputIT: seed %d (-Declips.fuzz.seed), budget %d s, %d variants%n",
        SEED, BUDGET.toSeconds(), attempts.size());
    List<String> failures = new ArrayList<>();
    long start = System.nanoTime();
    int sent = 0;
    for (Attempt attempt : attempts) {
      if (System.nanoTime() - start > BUDGET.toNanos()) {
        break;
      }
      failures.addAll(attempt.run());
      sent++;
    }
    System.out.printf(
        "HostileInputIT: sent %d of %d variants in %d s, %d failures, %d request targets refused by"
            + " the container (Liberty CWWWC0005I, Undertow's bare 400)%n",
        sent,
        attempts.size(),
        (System.nanoTime() - start) / 1_000_000_000L,
        failures.size(),
        CONTAINER_URI_REFUSALS.get());
    failures.forEach(failure -> System.out.println("HostileInputIT failure: " + failure));
    assertEquals(
        List.of(), failures.stream().limit(60).toList(), () -> failures.size() + " failures");
    assertEquals(
        200,
        Api.send(java.net.http.HttpRequest.newBuilder(TestServer.health("/health/ready"))).status(),
        "the server is no longer ready");
    long after = ServerHeap.usedAfterGc();
    System.out.printf(
        "HostileInputIT: used heap after GC %d MiB before, %d MiB after (tolerance %d MiB)%n",
        baseline >> 20, after >> 20, HEAP_TOLERANCE >> 20);
    assertTrue(after <= baseline + HEAP_TOLERANCE, "heap grew from " + baseline + " to " + after);
  }

  /**
   * Body variants where a body is read, parameter variants where parameters are, headers always.
   */
  private static List<Variant> variantsFor(Operation operation) {
    List<Variant> variants = new ArrayList<>();
    Sample sample = sample(operation);
    if (operation.takesBody()) {
      variants.addAll(HostileVariants.bodies(RANDOM));
      if (sample.body() != null) {
        variants.addAll(HostileVariants.fields(sample.body()));
        variants.addAll(
            HostileVariants.contentTypes(sample.body().getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String parameter : operation.queryParameters()) {
      for (String value : HostileVariants.queryValues()) {
        variants.add(
            Variant.query(
                parameter + "=" + HostileVariants.abbreviate(value), parameter + "=" + value));
      }
      variants.add(Variant.query(parameter + " twice", parameter + "=1&" + parameter + "=2"));
    }
    if (!operation.pathParameters().isEmpty()) {
      for (String value : HostileVariants.pathValues()) {
        variants.add(Variant.pathId(HostileVariants.abbreviate(value), value));
      }
    }
    variants.addAll(HostileVariants.accepts());
    if (!operation.verb().equals("GET")) {
      // every state-changing operation reads the header (@Idempotent)
      variants.addAll(HostileVariants.idempotencyKeys(IDEMPOTENCY_MARKER));
    }
    return variants;
  }

  /** The valid request each variant changes one thing of; a plan change keeps the org's plan. */
  private static Sample sample(Operation operation) {
    Sample sample = Samples.of(operation, ids);
    if (operation.toString().equals("PATCH /platform/v1/orgs/{id}")) {
      return new Sample("", "{\"plan\":\"enterprise\"}", "application/json");
    }
    return sample;
  }

  /**
   * A path Liberty cannot decode (a NUL, an encoded slash, a broken escape) is refused by its web
   * container before any application is chosen: a 400 in Liberty's own words, the documented gap
   * (docs/api.md, Known gaps). Accepted only in exactly that shape, and counted in the output.
   */
  private static boolean refusedByLibertyBeforeTheApplication(HostileReply reply) {
    return reply.status() == 400 && reply.body().contains("CWWWC0005I");
  }

  /**
   * On WildFly, Undertow's request parser decodes the whole request target while reading the
   * request line; a broken escape (a lone '%', '%ZZ') in the path or the query fails that parse and
   * the listener writes a fixed 400 with no body and closes the connection before any handler,
   * filter, error page or application exists for the request (docs/operations.md, Known gaps).
   * Accepted only on WildFly, only for a broken escape, and only in exactly that shape: empty body,
   * no Content-Type, no X-Request-Id.
   */
  private static boolean refusedByUndertowBeforeTheApplication(
      Variant variant, HostileReply reply) {
    return TestServer.current() == TestServer.WILDFLY
        && variant.hasBrokenEscape()
        && reply.status() == 400
        && reply.body().isEmpty()
        && reply.header("Content-Type") == null
        && reply.header("X-Request-Id") == null;
  }

  /** One operation with one variant applied, sent and judged. */
  private record Attempt(Operation operation, Variant variant) {

    List<String> run() {
      String credential = credential();
      String where = operation + " " + variant + " → ";
      HostileReply reply;
      try {
        reply = variant.needsRawSocket() ? sendRaw(credential) : sendWithClient(credential);
      } catch (IOException cutOff) {
        // the server may close a connection after refusing a body larger than it reads
        boolean oversized = variant.body() != null && variant.body().length > HostileVariants.MIB;
        return oversized ? List.of() : List.of(where + "connection failed: " + cutOff);
      }
      return judge(where, reply, credential);
    }

    private List<String> judge(String where, HostileReply reply, String credential) {
      List<String> failures = new ArrayList<>();
      where = where + reply.status() + ": ";
      if (reply.status() >= 500) {
        failures.add(where + excerpt(reply.body()));
      }
      if (refusedByLibertyBeforeTheApplication(reply)
          || refusedByUndertowBeforeTheApplication(variant, reply)) {
        CONTAINER_URI_REFUSALS.incrementAndGet();
        return failures;
      }
      if (reply.header("X-Request-Id") == null) {
        failures.add(where + "no X-Request-Id");
      }
      if (reply.status() >= 400) {
        String type = String.valueOf(reply.header("Content-Type"));
        if (!type.startsWith("application/problem+json")) {
          failures.add(where + "not problem+json but " + type + " " + excerpt(reply.body()));
        } else if (!reply.body().contains("\"code\"") || !reply.body().contains("\"request_id\"")) {
          failures.add(where + "a problem without code or request_id: " + excerpt(reply.body()));
        }
      }
      // never print what was echoed: it may be a key or a token
      if (credential != null && reply.body().contains(credential)) {
        failures.add(where + "the answer echoes the credential");
      }
      if (reply.body().contains(IDEMPOTENCY_MARKER)) {
        failures.add(where + "the answer echoes the Idempotency-Key");
      }
      return failures;
    }

    private String credential() {
      return switch (operation.api()) {
        case V1, PUBLIC -> keys.get(RANDOM.nextInt(keys.size()));
        case CONSOLE -> admin;
        case PLATFORM -> platform;
      };
    }

    private String target() {
      Sample sample = sample(operation);
      String path = operation.path();
      String id = variant.pathId() != null ? variant.pathId() : ids.get(operation.collection());
      path = path.replace("{id}", id == null ? UUID.randomUUID().toString() : id);
      path =
          path.replace(
              "{agent_type}", variant.pathId() != null ? variant.pathId() : Samples.AGENT_TYPE);
      if (variant.query() != null) {
        String base = sample.query().isEmpty() ? "?" : sample.query() + "&";
        return path + base + variant.query();
      }
      return path + sample.query();
    }

    private byte[] body() {
      if (variant.body() != null) {
        return variant.body();
      }
      Sample sample = sample(operation);
      return sample.body() == null ? null : sample.body().getBytes(StandardCharsets.UTF_8);
    }

    private String contentType() {
      String declared = sample(operation).contentType();
      if (variant.family().equals("content-type")) {
        return variant.contentType();
      }
      // an upload declares its file type: the hostile bytes are then judged as that type
      boolean upload = declared != null && !declared.equals("application/json");
      return variant.contentType() != null && !upload ? variant.contentType() : declared;
    }

    private HostileReply sendWithClient(String credential) throws IOException {
      byte[] body = body();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(Api.uri(target()).toString()))
              .timeout(Duration.ofSeconds(60))
              .method(
                  operation.verb(),
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body))
              .header("X-Forwarded-For", hostileAddress())
              .header("Authorization", "Bearer " + credential);
      if (contentType() != null) {
        request.header("Content-Type", contentType());
      }
      for (int i = 0; i < variant.headers().size(); i += 2) {
        request.header(variant.headers().get(i), variant.headers().get(i + 1));
      }
      try {
        HttpResponse<String> response =
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new HashMap<>();
        response
            .headers()
            .map()
            .forEach(
                (name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        return new HostileReply(response.statusCode(), headers, response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private HostileReply sendRaw(String credential) throws IOException {
      StringBuilder head = new StringBuilder(operation.verb() + " " + target() + " HTTP/1.1");
      head.append("\r\nX-Forwarded-For: ").append(hostileAddress());
      head.append("\r\nAuthorization: Bearer ").append(credential);
      if (contentType() != null) {
        head.append("\r\nContent-Type: ").append(contentType());
      }
      for (String line : variant.rawHeaders()) {
        head.append("\r\n").append(line);
      }
      return RawExchange.send(Api.uri("/").getPort(), head.toString(), body());
    }
  }

  /** Own address per request in 198.18.0.0/15, so no per-address limit counts the fuzzing. */
  private static String hostileAddress() {
    return "198."
        + (18 + RANDOM.nextInt(2))
        + "."
        + RANDOM.nextInt(256)
        + "."
        + (1 + RANDOM.nextInt(254));
  }

  private static String excerpt(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
