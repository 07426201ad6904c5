package it.tech.eclips.workforce.webhooks;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.LeakReporter;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.metrics.Scrape;
import it.tech.eclips.workforce.webhooks.Receivers.Received;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * Webhook delivery (issue 23) to real HTTPS receivers on this machine ({@link Receivers}, allow-
 * listed by the test server, which retries within seconds and gives up after 20 s): every event
 * type arrives once, in its mode only, signed as Standard Webhooks says (checked here with an
 * implementation of the specification's verification that shares no code with the server's); a
 * receiver that was down gets everything once when it is back; a slow receiver of one org takes at
 * most its org's share of senders and does not delay another org; an event can be redelivered; an
 * endpoint that fails for the whole window is disabled, audited and announced; and a destination
 * whose address changed after registration is refused before any connection.
 */
@ExtendWith(Deployments.class)
class WebhookDeliveryIT {

  private static final String ENDPOINTS = "/console/v1/webhook-endpoints";
  private static final String RUNS = "/v1/agents/runs";
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";
  private static final String FAIL =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";
  private static final String[] SCOPES = {
    "runs:read",
    "runs:write",
    "triage:read",
    "triage:write",
    "documents:read",
    "documents:write",
    "events:read"
  };
  private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(90);

  private static Receivers receivers;

  @BeforeAll
  static void start() throws Exception {
    receivers = new Receivers();
  }

  @AfterAll
  static void stop() {
    receivers.close();
  }

  /** An endpoint registered for the org (its admin's token), its signing secret and types. */
  private record Endpoint(String id, String name, String secret, Set<String> types) {}

  private static Endpoint endpoint(String org, String mode, String name, String... types) {
    Set<String> subscribed = Set.of(types.length == 0 ? allTypes() : types);
    String list = subscribed.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
    JsonObject made =
        post(
                ENDPOINTS,
                "{\"url\":\""
                    + receivers.url(name)
                    + "\",\"mode\":\""
                    + mode
                    + "\",\"event_types\":["
                    + list
                    + "]}",
                bearer(orgToken(org, "org_admin")))
            .expect(201)
            .json();
    return new Endpoint(made.getString("id"), name, made.getString("secret"), subscribed);
  }

  private static String[] allTypes() {
    return EnumSet.allOf(EventType.class).stream().map(EventType::code).toArray(String[]::new);
  }

  /** The events of the key's mode the endpoint subscribes to. */
  private static List<JsonObject> events(String key, Endpoint endpoint) {
    return events(key).stream()
        .filter(e -> endpoint.types().contains(e.getString("type")))
        .toList();
  }

  /** Every event the key's mode has, newest first, all pages. */
  private static List<JsonObject> events(String key) {
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    while (true) {
      JsonObject page =
          get(
                  "/v1/events?limit=100" + (after == null ? "" : "&starting_after=" + after),
                  bearer(key))
              .expect(200)
              .json();
      page.getJsonArray("data").getValuesAs(JsonObject.class).forEach(all::add);
      if (!page.getBoolean("has_more")) {
        return all;
      }
      after = all.get(all.size() - 1).getString("id");
    }
  }

  // --- Standard Webhooks verification, written from the specification (not the server's code) --

  /**
   * True if one of the header's {@code v1,} signatures is the HMAC-SHA256, keyed with the
   * base64-decoded part of {@code whsec_…}, of {@code msg_id.timestamp.body}, and the timestamp is
   * within five minutes of now.
   */
  static boolean verifies(Received request, String secret) throws Exception {
    String id = request.header("webhook-id");
    String timestamp = request.header("webhook-timestamp");
    String signatures = request.header("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    long sent = Long.parseLong(timestamp);
    if (Math.abs(Instant.now().getEpochSecond() - sent) > 300) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    byte[] signed =
        mac.doFinal(
            (id + "." + timestamp + "." + new String(request.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    for (String signature : signatures.split(" ")) {
      String[] parts = signature.split(",", 2);
      if (parts.length == 2
          && parts[0].equals("v1")
          && MessageDigest.isEqual(signed, Base64.getDecoder().decode(parts[1]))) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject json(byte[] body) {
    return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
        .readObject();
  }

  /** The receiver's 2xx-answered requests by webhook-id. */
  private static Map<String, List<Received>> answeredById(String name) {
    return receivers.at(name).stream()
        .filter(r -> r.answered() / 100 == 2)
        .collect(Collectors.groupingBy(r -> r.header("webhook-id")));
  }

  /**
   * Waits until the endpoint has every event of {@code key}'s mode (created after it) answered,
   * then checks each arrived once with a valid signature and the body the API shows.
   */
  private static Set<String> allArriveOnce(String key, Endpoint endpoint, String... alsoSecrets)
      throws Exception {
    await()
        .atMost(DELIVERED_WITHIN)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                answeredById(endpoint.name())
                    .keySet()
                    .containsAll(
                        events(key, endpoint).stream().map(e -> e.getString("id")).toList()));
    List<JsonObject> events = events(key, endpoint);
    Map<String, JsonObject> byId =
        events.stream().collect(Collectors.toMap(e -> e.getString("id"), Function.identity()));
    Map<String, List<Received>> got = answeredById(endpoint.name());
    assertEquals(byId.keySet(), got.keySet(), "exactly the mode's events, none of another's");
    Set<String> types = new HashSet<>();
    for (Map.Entry<String, List<Received>> entry : got.entrySet()) {
      assertEquals(1, entry.getValue().size(), entry.getKey() + " arrived more than once");
      Received request = entry.getValue().get(0);
      assertTrue(verifies(request, endpoint.secret()), "signature of " + entry.getKey());
      for (String other : alsoSecrets) {
        assertTrue(verifies(request, other), "the previous secret's signature too");
      }
      assertEquals("application/json", request.header("content-type"));
      assertEquals(byId.get(entry.getKey()), json(request.body()), "the event as the API shows it");
      types.add(byId.get(entry.getKey()).getString("type"));
    }
    return types;
  }

  private static JsonObject run(String key, String body) {
    return awaitRun(key, post(RUNS, body, bearer(key)).expect(202).json().getString("id"));
  }

  private static void resolve(String key, JsonObject run, String decision) {
    post(
            "/v1/triage-items/" + run.getString("triage_item_id") + "/resolve",
            "{\"decision\":\"" + decision + "\"}",
            bearer(key))
        .expect(200);
  }

  private static void deleteDocument(String key, int n) {
    String doc =
        send(
                "POST",
                "/v1/documents?name=d" + n + ".txt",
                "body " + n,
                "Content-Type",
                "text/plain",
                "Authorization",
                "Bearer " + key)
            .expect(201)
            .json()
            .getString("id");
    send("DELETE", "/v1/documents/" + doc, null, bearer(key)).expect(204);
  }

  @Test
  void everyEventTypeArrivesOnceSignedAndOnlyInItsMode() throws Exception {
    String org = Api.newOrg("enterprise");
    String admin = orgToken(org, "org_admin");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Endpoint live = endpoint(org, "live", "every-live" + suffix);
    Endpoint test = endpoint(org, "test", "every-test" + suffix);
    // a rotation with overlap: deliveries carry both secrets' signatures
    String before = live.secret();
    live =
        new Endpoint(
            live.id(),
            live.name(),
            post(
                    ENDPOINTS + "/" + live.id() + "/rotate-secret",
                    "{\"overlap_seconds\":3600}",
                    bearer(admin))
                .expect(200)
                .json()
                .getString("secret"),
            live.types());

    String liveKey = Api.newKey(org, "live", SCOPES);
    String testKey = Api.newKey(org, "test", SCOPES);
    List<String> reviewers =
        List.of(
            Api.newKey(org, "live", SCOPES),
            Api.newKey(org, "live", SCOPES),
            Api.newKey(org, "live", SCOPES));
    // runs, triage items and trust (live): supervised until ten approvals promote, a reject demotes
    List<JsonObject> waiting = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      waiting.add(run(liveKey, CLASSIFY));
    }
    for (int i = 0; i < 10; i++) {
      resolve(reviewers.get(i % reviewers.size()), waiting.get(i), "approve");
    }
    resolve(reviewers.get(0), waiting.get(10), "reject");
    // failures and a breaker (test)
    for (int i = 0; i < 5; i++) {
      run(testKey, FAIL);
    }
    post(
            "/console/v1/agents/circuit-breakers/document_classifier/reset?mode=test",
            null,
            bearer(admin))
        .expect(200);
    // keys (live): created, expiring, rotated, revoked
    String expires =
        Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String soon =
        Api.newKey(
                org,
                "{\"name\":\"soon\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"expires_at\":\""
                    + expires
                    + "\"}")
            .getString("id");
    String successor =
        post("/console/v1/api-keys/" + soon + "/rotate", null, bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    send("DELETE", "/console/v1/api-keys/" + successor, null, bearer(admin)).expect(204);
    // a document deleted (test)
    deleteDocument(testKey, 1);
    // issue 25 (live): a key quarantined by an admin, another reported leaked by a signed report;
    // (test): a key used from five addresses in an hour raises a usage alert
    String quarantined =
        Api.newKey(org, "{\"name\":\"q\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}")
            .getString("id");
    send(
            "PUT",
            "/console/v1/key-containment/api-keys/" + quarantined,
            "{\"quarantined\":true}",
            bearer(admin))
        .expect(200);
    String leaked = Api.newKey(org, "live", "runs:read");
    LeakReporter.publish()
        .report(
            "[" + LeakReporter.token(leaked, "eclips_live_key", "https://gist.github.com/x") + "]",
            "198.51.100.77")
        .expect(200);
    String roaming = Api.newKey(org, "test", "runs:read");
    for (int i = 1; i <= 5; i++) {
      get(
              "/v1/agents/runs?limit=1",
              "Authorization",
              "Bearer " + roaming,
              "X-Forwarded-For",
              "203.0.113." + i)
          .expect(200);
    }
    await("the usage alert (the rollup is flushed every second in tests)")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !get("/v1/events?type=api_key.usage_alert", bearer(testKey))
                    .expect(200)
                    .json()
                    .getJsonArray("data")
                    .isEmpty());
    // credits (live): a growth org's 100 credits run low; a team org's budget is reached
    String growth = Api.newOrg("growth");
    Endpoint growthLive = endpoint(growth, "live", "every-growth" + suffix);
    String growthKey = Api.newKey(growth, "live", SCOPES);
    for (int i = 0; i < 10; i++) {
      post(RUNS, Api.invoice("L-" + i), bearer(growthKey)).expect(202);
    }
    String team = Api.newOrg("team");
    Endpoint teamLive = endpoint(team, "live", "every-team" + suffix);
    String teamKey = Api.newKey(team, "live", SCOPES);
    send("PUT", "/console/v1/credits/budget", "{\"limit\":20}", bearer(orgToken(team, "org_admin")))
        .expect(200);
    post(RUNS, Api.invoice("B-1"), bearer(teamKey)).expect(202);
    post(RUNS, Api.invoice("B-2"), bearer(teamKey)).expect(202);

    Set<String> types = new HashSet<>(allArriveOnce(liveKey, live, before));
    types.addAll(allArriveOnce(testKey, test));
    types.addAll(allArriveOnce(growthKey, growthLive));
    types.addAll(allArriveOnce(teamKey, teamLive));
    Set<String> expected = new HashSet<>(Arrays.asList(allTypes()));
    expected.remove(EventType.WEBHOOK_ENDPOINT_DISABLED.code()); // an endpointDisabled… event
    assertEquals(expected, types, "every event type was delivered");
    for (Received request : receivers.at(test.name())) {
      assertEquals("test", json(request.body()).getString("mode"));
    }
    JsonObject page =
        get(ENDPOINTS + "/" + live.id() + "/deliveries?limit=100", bearer(admin))
            .expect(200)
            .json();
    JsonObject first = page.getJsonArray("data").getJsonObject(0);
    assertEquals("succeeded", first.getString("status"));
    assertEquals(200, first.getInt("last_response_code"));
    assertTrue(first.getInt("last_latency_ms") >= 0);
    assertTrue(first.isNull("next_attempt_at"));
  }

  @Test
  void aReceiverThatWasDownGetsEverythingOnceWhenItIsBack() throws Exception {
    String org = Api.newOrg("enterprise");
    String name = "down" + UUID.randomUUID().toString().substring(0, 8);
    receivers.answer(name, 503, Duration.ZERO);
    Endpoint endpoint = endpoint(org, "test", name, "document.deleted");
    String key = Api.newKey(org, "test", SCOPES);
    for (int i = 0; i < 5; i++) {
      deleteDocument(key, i);
    }
    // each event is refused at least twice, so each is retried
    await()
        .atMost(DELIVERED_WITHIN)
        .until(
            () ->
                receivers.at(name).stream()
                        .collect(
                            Collectors.groupingBy(
                                r -> r.header("webhook-id"), Collectors.counting()))
                        .values()
                        .stream()
                        .filter(n -> n >= 2)
                        .count()
                    == 5);
    JsonObject waiting =
        get(ENDPOINTS + "/" + endpoint.id() + "/deliveries", bearer(orgToken(org, "org_member")))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertEquals("pending", waiting.getString("status"));
    assertEquals(503, waiting.getInt("last_response_code"));
    assertEquals("HTTP 503", waiting.getString("last_error"));
    assertFalse(waiting.isNull("next_attempt_at"));
    receivers.answer(name, 200, Duration.ZERO);
    allArriveOnce(key, endpoint);
    // the same webhook-id on every attempt of an event, answered 2xx exactly once
    for (Map.Entry<String, List<Received>> entry :
        receivers.at(name).stream()
            .collect(Collectors.groupingBy(r -> r.header("webhook-id")))
            .entrySet()) {
      assertEquals(1, entry.getValue().stream().filter(r -> r.answered() == 200).count());
    }
    JsonObject done =
        get(ENDPOINTS + "/" + endpoint.id() + "/deliveries", bearer(orgToken(org, "org_member")))
            .expect(200)
            .json();
    for (JsonObject delivery : done.getJsonArray("data").getValuesAs(JsonObject.class)) {
      assertEquals("succeeded", delivery.getString("status"));
      assertTrue(delivery.getInt("attempts") >= 3, delivery.toString());
    }
  }

  @Test
  void aSlowReceiverTakesItsOrgsShareAndDoesNotDelayAnotherOrg() throws Exception {
    String slowOrg = Api.newOrg("enterprise");
    String group = "slow" + UUID.randomUUID().toString().substring(0, 8);
    List<Endpoint> slow = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      receivers.answer(group + "-" + i, 200, Duration.ofSeconds(3));
      slow.add(endpoint(slowOrg, "test", group + "-" + i, "document.deleted"));
    }
    String slowKey = Api.newKey(slowOrg, "test", SCOPES);
    for (int i = 0; i < 3; i++) {
      deleteDocument(slowKey, i);
    }
    await().atMost(DELIVERED_WITHIN).until(() -> receivers.maxConcurrent(group) >= 1);
    String fastOrg = Api.newOrg("enterprise");
    String fast = "fast" + UUID.randomUUID().toString().substring(0, 8);
    endpoint(fastOrg, "test", fast, "document.deleted");
    String fastKey = Api.newKey(fastOrg, "test", SCOPES);
    Instant asked = Instant.now();
    deleteDocument(fastKey, 0);
    await().atMost(DELIVERED_WITHIN).until(() -> !receivers.at(fast).isEmpty());
    Instant fastArrived = receivers.at(fast).get(0).at();
    int slowDone = slow.stream().mapToInt(e -> receivers.at(e.name()).size()).sum();
    assertTrue(
        Duration.between(asked, fastArrived).toSeconds() < 6,
        "the other org's delivery took " + Duration.between(asked, fastArrived));
    assertTrue(slowDone < 9, "the slow org still had deliveries to make: " + slowDone);
    await()
        .atMost(DELIVERED_WITHIN)
        .until(() -> slow.stream().mapToInt(e -> receivers.at(e.name()).size()).sum() == 9);
    assertTrue(
        receivers.maxConcurrent(group) <= 2,
        "at most max-in-flight-per-org (2) at once: " + receivers.maxConcurrent(group));
    for (Endpoint endpoint : slow) {
      assertEquals(1, receivers.maxConcurrent(endpoint.name()), "one at a time per endpoint");
    }
  }

  @Test
  void anEventIsRedeliveredOnRequestWithTheSameId() throws Exception {
    String org = Api.newOrg("enterprise");
    String admin = orgToken(org, "org_admin");
    String name = "again" + UUID.randomUUID().toString().substring(0, 8);
    Endpoint endpoint = endpoint(org, "test", name, "document.deleted");
    String key = Api.newKey(org, "test", SCOPES);
    deleteDocument(key, 0);
    allArriveOnce(key, endpoint);
    String event = events(key, endpoint).get(0).getString("id");
    JsonObject queued =
        post(
                ENDPOINTS + "/" + endpoint.id() + "/redeliveries",
                "{\"event_id\":\"" + event + "\"}",
                bearer(admin))
            .expect(202)
            .json();
    assertEquals("pending", queued.getString("status"));
    assertTrue(queued.getBoolean("manual"));
    await().atMost(DELIVERED_WITHIN).until(() -> answeredById(name).get(event).size() == 2);
    assertTrue(verifies(answeredById(name).get(event).get(1), endpoint.secret()));
    assertEquals(1, auditCount(org, endpoint.id(), "webhook_event.redelivered"));
    // a live event is not the test endpoint's; a member may not ask
    String liveKey = Api.newKey(org, "live", SCOPES);
    String liveEvent = events(liveKey).get(0).getString("id");
    assertEquals(
        404,
        post(
                ENDPOINTS + "/" + endpoint.id() + "/redeliveries",
                "{\"event_id\":\"" + liveEvent + "\"}",
                bearer(admin))
            .status());
    assertEquals(
        403,
        post(
                ENDPOINTS + "/" + endpoint.id() + "/redeliveries",
                "{\"event_id\":\"" + event + "\"}",
                bearer(orgToken(org, "org_member")))
            .status());
  }

  @Test
  void anEndpointFailingForTheWholeWindowIsDisabledAuditedAndAnnounced() throws Exception {
    String org = Api.newOrg("enterprise");
    String admin = orgToken(org, "org_admin");
    String broken = "broken" + UUID.randomUUID().toString().substring(0, 8);
    String watcher = "watch" + UUID.randomUUID().toString().substring(0, 8);
    receivers.answer(broken, 500, Duration.ZERO);
    Endpoint failing = endpoint(org, "test", broken, "document.deleted");
    Endpoint watching = endpoint(org, "test", watcher, "webhook_endpoint.disabled");
    String key = Api.newKey(org, "test", SCOPES);
    deleteDocument(key, 0);
    await()
        .atMost(DELIVERED_WITHIN)
        .until(
            () ->
                !get(ENDPOINTS + "/" + failing.id(), bearer(admin))
                    .expect(200)
                    .json()
                    .getBoolean("enabled"));
    JsonObject disabled = get(ENDPOINTS + "/" + failing.id(), bearer(admin)).expect(200).json();
    assertTrue(disabled.getString("disabled_reason").contains("HTTP 500"), disabled.toString());
    assertFalse(disabled.isNull("disabled_at"));
    assertEquals(1, auditCount(org, failing.id(), "webhook_endpoint.disabled"));
    JsonObject delivery =
        get(ENDPOINTS + "/" + failing.id() + "/deliveries", bearer(admin))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertEquals("failed", delivery.getString("status"));
    assertTrue(delivery.getInt("attempts") >= 3, delivery.toString());
    assertNotNull(delivery.getString("completed_at"));
    // the event says so, to the endpoints that asked for it
    await().atMost(DELIVERED_WITHIN).until(() -> !answeredById(watcher).isEmpty());
    Received announced = answeredById(watcher).values().iterator().next().get(0);
    JsonObject event = json(announced.body());
    assertEquals("webhook_endpoint.disabled", event.getString("type"));
    assertEquals(failing.id(), event.getJsonObject("data").getJsonObject("object").getString("id"));
    assertTrue(verifies(announced, watching.secret()));
    // enabling it again clears the reason
    JsonObject enabled =
        send("PATCH", ENDPOINTS + "/" + failing.id(), "{\"enabled\":true}", bearer(admin))
            .expect(200)
            .json();
    assertTrue(enabled.isNull("disabled_reason"));
  }

  @Test
  void anAddressThatChangedAfterRegistrationIsRefusedBeforeConnecting() throws Exception {
    String org = Api.newOrg("enterprise");
    String name = "moved" + UUID.randomUUID().toString().substring(0, 8);
    Endpoint endpoint = endpoint(org, "test", name, "document.deleted");
    // as if the host's DNS answer had changed to loopback after registration
    String loopback = receivers.url(name).replace("127.0.0.77", "127.0.0.1");
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement update =
            db.prepareStatement("UPDATE webhook_endpoints SET url = ? WHERE id = ?")) {
      update.setString(1, loopback);
      update.setObject(2, UUID.fromString(endpoint.id()));
      assertEquals(1, update.executeUpdate());
    }
    String key = Api.newKey(org, "test", SCOPES);
    deleteDocument(key, 0);
    await()
        .atMost(DELIVERED_WITHIN)
        .until(
            () -> {
              JsonObject delivery =
                  get(
                          ENDPOINTS + "/" + endpoint.id() + "/deliveries",
                          bearer(orgToken(org, "org_admin")))
                      .expect(200)
                      .json()
                      .getJsonArray("data")
                      .getValuesAs(JsonObject.class)
                      .stream()
                      .findFirst()
                      .orElse(null);
              return delivery != null && delivery.getInt("attempts") >= 1;
            });
    JsonObject delivery =
        get(ENDPOINTS + "/" + endpoint.id() + "/deliveries", bearer(orgToken(org, "org_admin")))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertTrue(delivery.isNull("last_response_code"));
    assertTrue(
        delivery.getString("last_error").startsWith("destination refused: "), delivery.toString());
    assertTrue(delivery.getString("last_error").contains("loopback"), delivery.toString());
    assertEquals(List.of(), receivers.at(name), "nothing was sent");
  }

  /** /metrics (Liberty's mpMetrics, the application's own on WildFly): attempts, latency, depth. */
  @Test
  void deliveriesAreCountedTimedAndQueuedWithoutAnOrgLabel() throws Exception {
    String org = Api.newOrg("enterprise");
    String name = "metered" + UUID.randomUUID().toString().substring(0, 8);
    Endpoint endpoint = endpoint(org, "test", name, "document.deleted");
    String key = Api.newKey(org, "test", SCOPES);
    deleteDocument(key, 0);
    allArriveOnce(key, endpoint);
    Scrape scrape = Scrape.as("metrics", ServerOverrides.DEV_METRICS_PASSWORD);
    assertEquals(200, scrape.status());
    assertTrue(
        sum(scrape, "eclips_webhook_deliveries_total", "succeeded") >= 1, "succeeded attempts");
    assertTrue(sum(scrape, "eclips_webhook_delivery_latency_seconds_count", null) >= 1, "timed");
    assertTrue(
        scrape.samples().stream().anyMatch(s -> s.name().equals("eclips_webhook_queue_depth")),
        "queue depth");
    assertFalse(
        scrape.samples().stream()
            .filter(s -> s.name().startsWith("eclips_webhook"))
            .anyMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains(org))),
        "no org in a label");
  }

  private static double sum(Scrape scrape, String name, String outcome) {
    return scrape.samples().stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> outcome == null || outcome.equals(s.labels().get("outcome")))
        .mapToDouble(Scrape.Sample::value)
        .sum();
  }

  private static long auditCount(String org, String endpoint, String action) throws Exception {
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT count(*) FROM audit_log WHERE org_id = ? AND resource_id = ? AND action = ?")) {
      query.setObject(1, UUID.fromString(org));
      query.setString(2, endpoint);
      query.setString(3, action);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
