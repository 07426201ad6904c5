package it.tech.eclips.workforce.openapi;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.OpenApiContract;
import it.tech.eclips.workforce.matrix.ResourceModel;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The served OpenAPI document: 3.1, every compiled operation in it (and nothing else) with its
 * security, scope or roles, success schema and the refusals the ring can answer; real replies of
 * every API satisfy it and a reply that breaks it is caught; Redocly CLI lints it clean.
 */
@ExtendWith(Deployments.class)
class OpenApiIT {

  /**
   * What generated clients call their methods: a verb, then what it acts on ({@code createRun},
   * {@code listApiKeys}); {@code OperationContracts.IDS} names each operation.
   */
  private static final java.util.regex.Pattern VERB_NOUN =
      java.util.regex.Pattern.compile(
          "^(get|list|create|update|delete|upload|resolve|rotate|revoke|disable|enable|verify"
              + "|export|reset|pin|set|change|grant|apply|recover)[A-Z][A-Za-z]*$");

  /** Under load the first requests can come before the application has started. */
  @BeforeAll
  static void applicationServed() {
    OpenApiContract.live(); // waits until /openapi holds the application's operations
  }

  @Test
  void isOpenApi31WithBothCredentialsDescribed() {
    JsonObject document = OpenApiContract.live().document();
    assertEquals("3.1.0", document.getString("openapi"));
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    assertEquals("bearer", schemes.getJsonObject("ApiKeyBearer").getString("scheme"));
    assertEquals("X-Api-Key", schemes.getJsonObject("ApiKeyHeader").getString("name"));
    assertEquals("JWT", schemes.getJsonObject("ConsoleJwt").getString("bearerFormat"));
  }

  /** Generated from target/classes: a new endpoint is checked by being compiled. */
  @Test
  void everyCompiledOperationIsDocumentedWithItsGuardsAndNothingElseIs() {
    ResourceModel model = ResourceModel.compiled();
    JsonObject paths = OpenApiContract.live().document().getJsonObject("paths");
    List<String> problems = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    Set<String> operationIds = new HashSet<>();
    for (ResourceModel.Operation operation : model.operations()) {
      if (operation.api() == ResourceModel.Api.PUBLIC) {
        continue; // outside the API (the benchmark's ping): must not be documented, below
      }
      String verb = operation.verb().toLowerCase(Locale.ROOT);
      expected.add(verb + " " + operation.path());
      JsonObject item = paths.getJsonObject(operation.path());
      if (item == null || !item.containsKey(verb)) {
        problems.add(operation + ": not in the document");
        continue;
      }
      JsonObject documented = item.getJsonObject(verb);
      String operationId = documented.getString("operationId", "");
      if (!operationIds.add(operationId)) {
        problems.add(operation + ": operationId missing or not unique");
      }
      if (!VERB_NOUN.matcher(operationId).matches()) {
        problems.add(operation + ": operationId " + operationId + " is not verb-noun (IDS)");
      }
      OperationChecks.check(operation, documented, problems);
    }
    paths.forEach(
        (path, item) ->
            item.asJsonObject().keySet().stream()
                .filter(OperationChecks.VERBS::contains)
                .filter(verb -> !expected.contains(verb + " " + path))
                .forEach(verb -> problems.add(verb + " " + path + ": documented, not compiled")));
    assertTrue(model.operations().size() > 30, "the model found " + model.operations().size());
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** The checker itself: a reply that breaks the document is caught and names the operation. */
  @Test
  void aReplyThatBreaksTheDocumentIsCaught() {
    OpenApiContract contract = OpenApiContract.live();
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "credits:read");
    Api.Reply real = get("/v1/credits", bearer(key)).expect(200);
    String type = real.header("Content-Type");
    assertEquals(
        Optional.empty(), contract.violation("GET", "/v1/credits", 200, type, real.body()));

    String extraField = real.body().replaceFirst("\\{", "{\"surprise\":1,");
    Optional<String> extra = contract.violation("GET", "/v1/credits", 200, type, extraField);
    assertTrue(extra.isPresent() && extra.get().contains("getCredits"), extra.toString());

    String wrongType = real.json().toString().replaceFirst("\"balance\":\\d+", "\"balance\":\"x\"");
    assertTrue(contract.violation("GET", "/v1/credits", 200, type, wrongType).isPresent());
    assertTrue(contract.violation("GET", "/v1/credits", 418, type, real.body()).isPresent());
    assertTrue(contract.violation("GET", "/v1/credits", 200, "text/html", real.body()).isPresent());
    Optional<String> badProblem =
        contract.violation(
            "GET", "/v1/agents/runs/x", 404, "application/problem+json", "{\"code\":\"x\"}");
    assertTrue(badProblem.isPresent(), "a problem without its required members");
    assertEquals(
        Optional.empty(),
        contract.violation("GET", "/health/ready", 200, "application/json", "not json at all"));
  }

  /**
   * One pass over the API with real credentials: success and main refusals of each kind. Each reply
   * is validated by the hook in {@link Api}; this also proves the hook ran for all of them.
   */
  @Test
  void realRepliesOfEveryKindSatisfyTheDocument() {
    OpenApiContract contract = OpenApiContract.live();
    long before = contract.checked();
    String org = Api.newOrg("enterprise");
    String admin = orgToken(org, "org_admin");
    String[] all =
        new String[] {
          "runs:read",
          "runs:write",
          "triage:read",
          "triage:write",
          "documents:read",
          "documents:write",
          "credits:read",
          "audit:read"
        };
    JsonObject created =
        Api.newKey(org, "{\"name\":\"tour\",\"mode\":\"test\",\"scopes\":[" + quoted(all) + "]}");
    String key = created.getString("key");
    String id = created.getString("id");
    get("/v1/me", bearer(key)).expect(200);
    get("/v1/me").expect(401);
    get("/v1/me", bearer("eck_test_nope")).expect(401);
    get("/v1/credits", bearer(Api.newKey(org, "test", "runs:read"))).expect(403);

    Api.Reply run =
        post("/v1/agents/runs", Api.invoice("OA-1"), withIdempotency(key, "oa-1")).expect(202);
    post("/v1/agents/runs", Api.invoice("OA-1"), withIdempotency(key, "oa-1")).expect(202);
    post("/v1/agents/runs", Api.invoice("OA-2"), withIdempotency(key, "oa-1")).expect(409);
    post("/v1/agents/runs", "{\"agent_type\":1}", bearer(key)).expect(400);
    post("/v1/agents/runs", "x", "Content-Type", "text/plain", "Authorization", "Bearer " + key)
        .expect(415);
    JsonObject done = Api.awaitRun(key, run.json().getString("id"));
    get("/v1/agents/runs?limit=2", bearer(key)).expect(200);
    get("/v1/agents/runs/" + java.util.UUID.randomUUID(), bearer(key)).expect(404);

    String item = done.getString("triage_item_id");
    get("/v1/triage-items", bearer(key)).expect(200);
    get("/v1/triage-items/" + item, bearer(key)).expect(200);
    post("/v1/triage-items/" + item + "/resolve", "{\"decision\":\"approve\"}", bearer(key))
        .expect(403); // the submitter never reviews its own run
    String reviewer = Api.newKey(org, "test", "triage:read", "triage:write");
    post("/v1/triage-items/" + item + "/resolve", "{\"decision\":\"approve\"}", bearer(reviewer))
        .expect(200);
    post("/v1/triage-items/" + item + "/resolve", "{\"decision\":\"reject\"}", bearer(reviewer))
        .expect(409);
    get("/console/v1/triage-items", bearer(admin)).expect(200);

    Api.Reply document =
        Api.send(
                HttpRequest.newBuilder(Api.uri("/v1/documents?name=note.txt"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")))
            .expect(201);
    String doc = document.json().getString("id");
    get("/v1/documents", bearer(key)).expect(200);
    get("/v1/documents/" + doc, bearer(key)).expect(200);
    get("/v1/documents/" + doc + "/content", bearer(key)).expect(200);
    get("/console/v1/documents", bearer(admin)).expect(200);
    send("DELETE", "/v1/documents/" + doc, null, bearer(key)).expect(204);

    get("/v1/credits", bearer(key)).expect(200);
    get("/v1/audit-log?limit=5", bearer(key)).expect(200);
    get("/v1/audit-log?limit=0", bearer(key)).expect(400);
    get("/console/v1/audit-log", bearer(admin)).expect(200);
    get("/console/v1/audit-log/verify", bearer(admin)).expect(200);
    get("/console/v1/audit-log/export?format=jsonl", bearer(admin)).expect(200);
    get("/console/v1/credits", bearer(admin)).expect(200);
    send("PUT", "/console/v1/credits/budget", "{\"limit\":null}", bearer(admin)).expect(200);
    get("/console/v1/api-keys", bearer(admin)).expect(200);
    get("/console/v1/api-keys/" + id, bearer(admin)).expect(200);
    post("/console/v1/api-keys/" + id + "/rotate", null, bearer(admin)).expect(201);
    get("/console/v1/api-keys", bearer(orgToken(org, "org_member"))).expect(200);
    post("/console/v1/api-keys", "{}", bearer(orgToken(org, "org_member"))).expect(403);
    get("/console/v1/api-keys").expect(401);
    get("/console/v1/agents/trust-profiles", bearer(admin)).expect(200);
    Api.pinTrust(org, "invoice_processor", "guarded").expect(200);
    get("/console/v1/agents/circuit-breakers", bearer(admin)).expect(200);
    post("/console/v1/agents/circuit-breakers/invoice_processor/reset", null, bearer(admin))
        .expect(200);
    get("/console/v1/settings", bearer(admin)).expect(200);
    send("PUT", "/console/v1/settings", "{\"invoice_auto_approve_limit\":2500}", bearer(admin))
        .expect(200);
    send("PUT", "/console/v1/settings", "{\"review_admin_threshold\":null}", bearer(admin))
        .expect(200);
    get("/console/v1/agents/circuit-breakers?mode=test", bearer(admin)).expect(200);
    String hooks = "/console/v1/webhook-endpoints";
    String endpoint =
        post(
                hooks,
                "{\"url\":\"https://hooks.example.com/tour\",\"mode\":\"test\","
                    + "\"event_types\":[\"agent_run.succeeded\"]}",
                bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    post(
            hooks,
            "{\"url\":\"https://10.0.0.1/\",\"mode\":\"test\",\"event_types\":[\"credits.low\"]}",
            bearer(admin))
        .expect(400);
    get(hooks, bearer(admin)).expect(200);
    get(hooks + "/" + endpoint, bearer(admin)).expect(200);
    send("PATCH", hooks + "/" + endpoint, "{\"description\":\"tour\"}", bearer(admin)).expect(200);
    post(hooks + "/" + endpoint + "/rotate-secret", null, bearer(admin)).expect(200);
    send("DELETE", hooks + "/" + endpoint, null, bearer(admin)).expect(204);
    String platform = Api.platformToken();
    get("/platform/v1/orgs/" + org, bearer(platform)).expect(200);
    post(
            "/platform/v1/orgs/" + org + "/credit-grants",
            "{\"amount\":5,\"reason\":\"tour\"}",
            bearer(platform))
        .expect(201);
    post("/platform/v1/maintenance/audit-retention", null, bearer(platform)).expect(200);
    post("/platform/v1/maintenance/run-recovery", null, bearer(platform)).expect(200);
    get("/platform/v1/orgs/" + org, bearer(admin)).expect(403);

    if (OpenApiContract.enabled()) {
      assertTrue(contract.checked() - before >= 50, "checked " + (contract.checked() - before));
    }
  }

  /**
   * The clients are generated at build time from the committed document, which therefore must be
   * the served one; {@code -Declips.openapi.write=true} writes it (docs/api.md, "Generated
   * clients").
   */
  @Test
  void theCommittedDocumentIsTheServedOne() throws Exception {
    OpenApiContract.live(); // writes target/openapi.json as served
    String served =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("target/openapi.json"), java.nio.charset.StandardCharsets.UTF_8);
    if (CommittedDocument.writing()) {
      CommittedDocument.write(served);
      return;
    }
    List<String> differences = CommittedDocument.differences(served);
    assertTrue(
        differences.isEmpty(),
        CommittedDocument.FILE
            + " is not the served document; regenerate it with\n  "
            + CommittedDocument.REGENERATE
            + "\n"
            + String.join("\n", differences));
  }

  @Test
  void redoclyLintsTheDocumentClean() throws Exception {
    OpenApiContract.live(); // writes target/openapi.yaml
    Linter.lint(java.nio.file.Path.of("target/openapi.yaml"));
  }

  private static String[] withIdempotency(String key, String idempotencyKey) {
    return new String[] {"Authorization", "Bearer " + key, "Idempotency-Key", idempotencyKey};
  }

  private static String quoted(String[] values) {
    return java.util.Arrays.stream(values)
        .map(v -> "\"" + v + "\"")
        .collect(Collectors.joining(","));
  }
}
