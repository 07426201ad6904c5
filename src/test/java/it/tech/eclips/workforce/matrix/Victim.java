package it.tech.eclips.workforce.matrix;

import static it.tech.eclips.workforce.harness.Api.bearer;

import it.tech.eclips.workforce.harness.Api;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.eclips.workforce.keys.entity.Scope;

/**
 * Org A: real objects in both modes (a supervised run awaiting review with its triage item and its
 * events, a document, keys), and the set of everything of A's that must never appear in an answer
 * to anyone else.
 */
final class Victim {

  final String marker = "victim-" + UUID.randomUUID().toString().substring(0, 8);
  final String org;
  final String liveKey;
  final String testKey;

  /** Scope code -> a live key of A with every scope but that one. */
  final Map<String, String> keyWithout = new LinkedHashMap<>();

  /**
   * Collection ("runs", "triage-items", "documents", "api-keys", "webhook-endpoints", "orgs") ->
   * id, per mode.
   */
  final Map<String, String> liveIds = new HashMap<>();

  final Map<String, String> testIds = new HashMap<>();

  /** Everything of A's, and the part of it that belongs to the live mode only. */
  final Map<String, String> secrets = new HashMap<>();

  final Map<String, String> liveOnly = new HashMap<>();
  final Map<String, String> testOnly = new HashMap<>();

  Victim() {
    org = newOrg(marker + "-org");
    secrets.put(org, "A's org id");
    secrets.put(marker, "A's marker");
    liveKey = key("live", allScopes());
    testKey = key("test", allScopes());
    for (Scope scope : Scope.values()) {
      keyWithout.put(
          scope.code(),
          key(
              "live",
              java.util.Arrays.stream(Scope.values())
                  .filter(s -> s != scope)
                  .map(Scope::code)
                  .toArray(String[]::new)));
    }
    JsonObject victimKey =
        Api.newKey(
            org, "{\"name\":\"" + marker + "-key\",\"mode\":\"live\",\"scopes\":[\"runs:read\"]}");
    remember(victimKey);
    liveIds.put("api-keys", victimKey.getString("id"));
    testIds.put("api-keys", victimKey.getString("id"));
    liveIds.put("orgs", org);
    testIds.put("orgs", org);
    JsonObject endpoint =
        Api.post(
                "/console/v1/webhook-endpoints",
                "{\"url\":\"https://hooks.example.com/"
                    + marker
                    + "\",\"mode\":\"live\",\"event_types\":[\"agent_run.succeeded\"],"
                    + "\"description\":\""
                    + marker
                    + "-endpoint\"}",
                bearer(Api.orgToken(org, "org_admin")))
            .expect(201)
            .json();
    liveIds.put("webhook-endpoints", endpoint.getString("id"));
    testIds.put("webhook-endpoints", endpoint.getString("id"));
    secrets.put(endpoint.getString("id"), "A's webhook endpoint id");
    secrets.put(endpoint.getString("secret"), "A's webhook signing secret");
    objects(liveKey, "live", liveIds, liveOnly);
    objects(testKey, "test", testIds, testOnly);
  }

  Map<String, String> ids(String mode) {
    return mode.equals("live") ? liveIds : testIds;
  }

  /** A document and a supervised run (new orgs review every result) awaiting review. */
  private void objects(
      String key, String mode, Map<String, String> ids, Map<String, String> modeOnly) {
    String docName = marker + "-" + mode + ".txt";
    JsonObject document = upload(key, docName, marker + " " + mode + " document body");
    String run =
        Api.post("/v1/agents/runs", Api.invoice(marker + "-" + mode + "-invoice"), bearer(key))
            .expect(202)
            .json()
            .getString("id");
    JsonObject reviewed = Api.awaitRun(key, run);
    if (!"awaiting_review".equals(reviewed.getString("status"))) {
      throw new AssertionError("A's " + mode + " run is not awaiting review: " + reviewed);
    }
    ids.put("documents", document.getString("id"));
    ids.put("runs", run);
    ids.put("triage-items", reviewed.getString("triage_item_id"));
    // the newest of the mode's events (the run's awaiting_review)
    ids.put(
        "events",
        Api.get("/v1/events?limit=1", bearer(key))
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getString("id"));
    for (String collection : List.of("documents", "runs", "triage-items", "events")) {
      modeOnly.put(ids.get(collection), "A's " + mode + " " + collection + " id");
    }
    modeOnly.put(docName, "A's " + mode + " document name");
    modeOnly.put(marker + "-" + mode + "-invoice", "A's " + mode + " run input");
    secrets.putAll(modeOnly);
  }

  private String key(String mode, String... scopes) {
    String list =
        String.join(",", java.util.Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList());
    JsonObject created =
        Api.newKey(
            org,
            "{\"name\":\"" + marker + "\",\"mode\":\"" + mode + "\",\"scopes\":[" + list + "]}");
    remember(created);
    return created.getString("key");
  }

  private void remember(JsonObject createdKey) {
    secrets.put(createdKey.getString("key"), "a key of A");
    secrets.put(createdKey.getString("id"), "a key id of A");
    secrets.put(createdKey.getString("hint"), "a key hint of A");
  }

  static String[] allScopes() {
    return java.util.Arrays.stream(Scope.values()).map(Scope::code).toArray(String[]::new);
  }

  /** Enterprise, with a name only this run uses (newOrg names every org alike). */
  static String newOrg(String name) {
    return Api.post(
            "/platform/v1/orgs",
            "{\"name\":\"" + name + "\",\"plan\":\"enterprise\"}",
            bearer(Api.platformToken()))
        .expect(201)
        .json()
        .getString("id");
  }

  static JsonObject upload(String key, String name, String text) {
    try {
      HttpResponse<String> reply =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(Api.uri("/v1/documents").toString() + "?name=" + name))
                      .header("Authorization", "Bearer " + key)
                      .header("Content-Type", "text/plain")
                      .POST(HttpRequest.BodyPublishers.ofString(text))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return new Api.Reply(reply.statusCode(), reply.headers(), reply.body()).expect(201).json();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
