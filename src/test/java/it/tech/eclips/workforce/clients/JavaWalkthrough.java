package it.tech.eclips.workforce.clients;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import it.tech.eclips.workforce.harness.Api;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.eclips.client.ApiClient;
import tech.eclips.client.ApiException;
import tech.eclips.client.ApiResponse;
import tech.eclips.client.api.ApiKeysApi;
import tech.eclips.client.api.AuditLogApi;
import tech.eclips.client.api.CreditsApi;
import tech.eclips.client.api.DocumentsApi;
import tech.eclips.client.api.IdentityApi;
import tech.eclips.client.api.OrganizationsApi;
import tech.eclips.client.api.RunsApi;
import tech.eclips.client.api.TriageApi;
import tech.eclips.client.auth.HttpBearerAuth;
import tech.eclips.client.model.ApiKeyCreate;
import tech.eclips.client.model.ApiKeyWithSecret;
import tech.eclips.client.model.AuditEntryList;
import tech.eclips.client.model.CreditBalance;
import tech.eclips.client.model.CreditGrant;
import tech.eclips.client.model.CreditGrantCreate;
import tech.eclips.client.model.Document;
import tech.eclips.client.model.KeyIdentity;
import tech.eclips.client.model.KeyMode;
import tech.eclips.client.model.OrgCreate;
import tech.eclips.client.model.Organization;
import tech.eclips.client.model.PlanCode;
import tech.eclips.client.model.Run;
import tech.eclips.client.model.RunCreate;
import tech.eclips.client.model.Scope;
import tech.eclips.client.model.TriageItem;
import tech.eclips.client.model.TriageResolution;

/**
 * The README's integrator path through the Java client generated from the committed document
 * (okhttp-gson, docs/api.md "Generated clients"); the identity provider's tokens come from the test
 * harness, everything else from the client's own calls and models.
 */
final class JavaWalkthrough {

  private static final Map<String, Object> INVOICE =
      Map.of(
          "vendor", "ACME",
          "invoice_number", "JAVA-1",
          "currency", "EUR",
          "issue_date", "2026-11-01",
          "due_date", "2026-12-01",
          "lines", List.of(Map.of("description", "Widget", "quantity", 3, "unit_price", "19.99")),
          "tax_rate", 0.2,
          "total", 71.96);

  private JavaWalkthrough() {}

  /**
   * A client that sends this key or token. The document has two bearer schemes (API keys and
   * console JWTs) and the generated {@code setBearerToken} fills only the first, so each is set by
   * name (docs/api.md, "Generated clients").
   */
  static ApiClient as(String token) {
    ApiClient client = new ApiClient();
    client.setBasePath(Api.uri("").toString().replaceFirst("/$", ""));
    for (String scheme : List.of("ApiKeyBearer", "ConsoleJwt")) {
      ((HttpBearerAuth) client.getAuthentication(scheme)).setBearerToken(token);
    }
    return client;
  }

  static void walk() throws Exception {
    OrganizationsApi orgs = new OrganizationsApi(as(Api.platformToken()));
    Organization org =
        orgs.createOrg(
            new OrgCreate().name("walkthrough (Java)").plan(PlanCode.TEAM),
            "org-" + java.util.UUID.randomUUID());
    String orgId = org.getId().toString();
    CreditGrant grant =
        orgs.grantCredits(
            orgId, new CreditGrantCreate().amount(100L).reason("walkthrough"), "grant-" + orgId);
    assertEquals(100L, grant.getAmount());

    ApiClient admin = as(Api.orgToken(orgId, "org_admin"));
    ApiKeyWithSecret created =
        new ApiKeysApi(admin)
            .createApiKey(
                new ApiKeyCreate()
                    .name("walkthrough")
                    .mode(KeyMode.TEST)
                    .scopes(
                        java.util.Set.of(
                            Scope.RUNS_READ,
                            Scope.RUNS_WRITE,
                            Scope.DOCUMENTS_READ,
                            Scope.DOCUMENTS_WRITE,
                            Scope.CREDITS_READ,
                            Scope.AUDIT_READ)),
                "key-" + orgId);
    assertTrue(created.getKey().startsWith("eck_test_"), created.getHint());
    assertNull(created.getExpiresAt()); // required and null: the 3.1 nullables read as null
    assertNull(created.getRevokedAt());

    ApiClient key = as(created.getKey());
    KeyIdentity me = new IdentityApi(key).getMe();
    assertEquals(org.getId(), me.getOrgId());
    assertEquals(false, me.getLivemode());

    RunsApi runs = new RunsApi(key);
    RunCreate invoice = new RunCreate().agentType("invoice_processor").input(INVOICE);
    Run run = runs.createRun(invoice, "java-run-" + orgId);
    ApiResponse<Run> replay = runs.createRunWithHttpInfo(invoice, "java-run-" + orgId);
    assertEquals(List.of("true"), replay.getHeaders().get("Idempotent-Replayed"));
    assertEquals(run.getId(), replay.getData().getId());

    Run reviewed = settled(runs, run.getId());
    assertEquals(Run.StatusEnum.AWAITING_REVIEW, reviewed.getStatus());
    TriageItem item =
        new TriageApi(admin)
            .resolveConsoleTriageItem(
                reviewed.getTriageItemId().toString(),
                new TriageResolution().decision(TriageResolution.DecisionEnum.APPROVE),
                "resolve-" + orgId);
    assertEquals(TriageItem.StatusEnum.APPROVED, item.getStatus());
    assertEquals(Run.StatusEnum.SUCCEEDED, runs.getRun(run.getId().toString()).getStatus());

    DocumentsApi documents = new DocumentsApi(key);
    Path file = Files.createTempFile("invoice", ".json");
    byte[] bytes = new com.google.gson.Gson().toJson(INVOICE).getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    Document document = documents.uploadDocument(file.toFile(), "invoice.json", "upload-" + orgId);
    assertEquals(bytes.length, document.getSize());
    File content = documents.getDocumentContent(document.getId().toString());
    assertEquals(new String(bytes, StandardCharsets.UTF_8), Files.readString(content.toPath()));
    Run onDocument =
        runs.createRun(
            new RunCreate().agentType("invoice_processor").documentId(document.getId()), null);
    assertEquals(Run.StatusEnum.AWAITING_REVIEW, settled(runs, onDocument.getId()).getStatus());

    CreditBalance credits = new CreditsApi(key).getCredits();
    assertEquals(20L, credits.getUsed());
    assertTrue(credits.getGranted() >= 100L, credits.toString());
    AuditEntryList audit = new AuditLogApi(key).listAuditEntries(null, null, 5, null, null);
    assertEquals(5, audit.getData().size());
    assertTrue(audit.getHasMore());
    assertNotNull(audit.getData().get(0).getHash());

    ApiException missing =
        assertThrows(ApiException.class, () -> runs.getRun(UUID.randomUUID().toString()));
    assertEquals(404, missing.getCode());
    assertEquals(
        "not_found",
        JsonParser.parseString(missing.getResponseBody())
            .getAsJsonObject()
            .get("code")
            .getAsString());
  }

  private static Run settled(RunsApi runs, UUID id) {
    return await("run " + id + " to leave queued/running")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> runs.getRun(id.toString()),
            run ->
                run.getStatus() != Run.StatusEnum.QUEUED
                    && run.getStatus() != Run.StatusEnum.RUNNING);
  }
}
