package it.tech.eclips.workforce.harness;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import tech.eclips.workforce.tools.DevTokens;

/** A small HTTP client for the running test server, plus the set-up every API test needs. */
public final class Api {

  // HTTP/1.1: with the client's default (an h2c upgrade), Liberty's HTTP/2 writes were seen to
  // stall
  // under 30+ concurrent streams on a loaded machine (threads parked in H2WriteQEntry), timing out
  // the concurrency tests; the API's guarantees do not depend on the protocol version.
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Api() {}

  public static URI uri(String path) {
    return URI.create("http://localhost:" + System.getProperty("eclips.http.port", "9080") + path);
  }

  public static Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null
        && java.util.Arrays.stream(headers).noneMatch("Content-Type"::equalsIgnoreCase)) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /** Sends a request built by the caller (a streamed body, a long timeout) and reads the reply. */
  public static Reply send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.build();
      HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
      // every reply of every IT against the served document (docs/api.md, "OpenAPI"); one without
      // X-Request-Id is the container's (the application is being redeployed), not the API's
      if (OpenApiContract.enabled() && response.headers().firstValue("X-Request-Id").isPresent()) {
        OpenApiContract.live()
            .check(
                built.method(),
                built.uri(),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
      }
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public static Reply post(String path, String body, String... headers) {
    return send("POST", path, body, headers);
  }

  public static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  public static String platformToken() {
    return DevTokens.mint(
        "operator@test", List.of("platform_admin"), null, Instant.now().plusSeconds(3600));
  }

  public static String orgToken(String org, String group) {
    return DevTokens.mint(group + "@" + org, List.of(group), org, Instant.now().plusSeconds(3600));
  }

  /** Creates an org through the platform API; returns its id. */
  public static String newOrg(String plan) {
    Reply created =
        post(
            "/platform/v1/orgs",
            "{\"name\":\"test org\",\"plan\":\"" + plan + "\"}",
            bearer(platformToken()));
    created.expect(201);
    return created.json().getString("id");
  }

  public static void changePlan(String org, String plan) {
    send(
            "PATCH",
            "/platform/v1/orgs/" + org,
            "{\"plan\":\"" + plan + "\"}",
            bearer(platformToken()))
        .expect(200);
  }

  /** Creates a key through the console as an org admin; returns the whole create response. */
  public static JsonObject newKey(String org, String json) {
    Reply created = post("/console/v1/api-keys", json, bearer(orgToken(org, "org_admin")));
    created.expect(201);
    return created.json();
  }

  public static String newKey(String org, String mode, String... scopes) {
    String list =
        String.join(",", java.util.Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList());
    return newKey(org, "{\"name\":\"test\",\"mode\":\"" + mode + "\",\"scopes\":[" + list + "]}")
        .getString("key");
  }

  /** Pins the org's live trust in an agent type (level {@code null} unpins). */
  public static Reply pinTrust(String org, String agentType, String level) {
    return pinTrust(org, agentType, level, "live");
  }

  /** Pins the org's trust in an agent type in one mode ("live" or "test"). */
  public static Reply pinTrust(String org, String agentType, String level, String mode) {
    return send(
        "PUT",
        "/console/v1/agents/trust-profiles/" + agentType + "/pin?mode=" + mode,
        "{\"level\":" + (level == null ? "null" : "\"" + level + "\"") + "}",
        bearer(orgToken(org, "org_admin")));
  }

  /**
   * New orgs review every result first; tests of the agents themselves trust them fully, in both
   * modes (each has its own profile).
   */
  public static void trustFully(String org) {
    for (String mode : java.util.List.of("live", "test")) {
      pinTrust(org, "invoice_processor", "autonomous", mode).expect(200);
      pinTrust(org, "document_classifier", "autonomous", mode).expect(200);
    }
  }

  public static final String INVOICE =
      "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\","
          + "\"invoice_number\":\"%s\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\",\"due_date\":\"2026-12-01\","
          + "\"lines\":[{\"description\":\"Widget\",\"quantity\":3,\"unit_price\":\"19.99\"}],\"tax_rate\":0.2,\"total\":71.96}}";

  public static String invoice(String number) {
    return String.format(INVOICE, number);
  }

  /** Polls a run until it leaves queued/running (10 s at most). */
  public static JsonObject awaitRun(String key, String runId) {
    return await("run " + runId + " to leave queued/running")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> get("/v1/agents/runs/" + runId, bearer(key)).expect(200).json(),
            run -> !List.of("queued", "running").contains(run.getString("status")));
  }

  /** Writes the org's queued audit entries (verify flushes its own org's first), then verifies. */
  public static JsonObject verifyAudit(String org) {
    return get("/console/v1/audit-log/verify", bearer(orgToken(org, "org_admin")))
        .expect(200)
        .json();
  }

  /**
   * Restarts the application as an orderly stop and start: Liberty redeploys the WAR when its
   * archive changes. Returns once the application went away and answers again (30 s at most; on
   * WildFly 2 min, since its redeploy goes through jboss-cli, a JVM of its own, which took 17 s
   * just to start and connect on a loaded 2-core machine): while it is up, a request without a key
   * is its own 401; while it is down, the server answers 404 or 503 for it, or nothing answers.
   */
  public static void restartApplication() {
    var redeployed = TestServer.current().triggerRestart();
    AtomicBoolean wentAway = new AtomicBoolean();
    await("the application to stop and answer again")
        .atMost(redeployed == null ? Duration.ofSeconds(30) : Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              int status;
              try {
                status = get("/v1/me").status();
              } catch (RuntimeException e) {
                status = -1;
              }
              // only an answer of the server's own (404, 503) or none means the application is
              // away: a 429 from the per-address limit on failed authentication must not count,
              // or a redeploy still starting (WildFly's CLI) is taken for one already done
              wentAway.compareAndSet(false, status == 404 || status == 503 || status == -1);
              if (redeployed != null) {
                // WildFly: done when its redeploy has answered (join rethrows its failure)
                return redeployed.isDone() && redeployed.join() == null && status == 401;
              }
              return wentAway.get() && status == 401;
            });
  }

  /** A response: status, headers, body. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

    public Reply expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
      }
      return this;
    }

    public JsonObject json() {
      try (var reader = Json.createReader(new StringReader(body))) {
        JsonStructure structure = reader.read();
        return structure.asJsonObject();
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
