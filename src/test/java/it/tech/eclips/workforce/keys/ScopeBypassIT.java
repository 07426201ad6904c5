package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scope cannot be had through another resource: naming a document in a run reads it, so it needs
 * {@code documents:read} as well as {@code runs:write}; a run's reader without that scope sees only
 * the reference; and a deleted document leaves no copy of its content in runs, pages or replays (a
 * unique marker in the document is searched in every answer and, as the superuser, in the tables).
 */
@ExtendWith(Deployments.class)
class ScopeBypassIT {

  static final String RUNS = "/v1/agents/runs";
  static final String DOCS = "/v1/documents";
  static final String CONTRACT =
      "This Agreement is made between the parties hereby agreeing to the terms and conditions;"
          + " governing law: Ireland. ";

  private static String org;
  private static String writer;
  private static String runsOnly;
  private static String reader;

  @BeforeAll
  static void keys() {
    org = Api.newOrg("enterprise");
    writer =
        Api.newKey(
            org,
            "test",
            "documents:read",
            "documents:write",
            "runs:read",
            "runs:write",
            "credits:read");
    runsOnly = Api.newKey(org, "test", "runs:write", "runs:read", "credits:read");
    reader = Api.newKey(org, "test", "runs:read");
    Api.trustFully(org);
  }

  @Test
  void aRunOnADocumentNeedsDocumentsReadAndWithoutItNothingIsReadOrCharged() throws Exception {
    String marker = marker();
    String document = upload(CONTRACT + marker);
    long before = balance();
    // the same answer whether the document exists or not: the scope is checked before the lookup
    for (String id : List.of(document, UUID.randomUUID().toString(), "not-a-uuid")) {
      Reply refused =
          send(
              "POST",
              RUNS,
              classify(id),
              "Authorization",
              "Bearer " + runsOnly,
              "Content-Type",
              "application/json",
              "Idempotency-Key",
              "bypass-" + UUID.randomUUID());
      assertEquals(403, refused.status(), refused::toString);
      assertEquals("insufficient_scope", refused.code());
      String challenge = refused.header("WWW-Authenticate");
      assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
      assertTrue(challenge.contains("scope=\"documents:read\""), challenge);
      assertFalse(refused.body().contains(marker));
    }
    // the same key still runs on an input of its own
    post(RUNS, classify(null), bearer(runsOnly)).expect(202);
    assertEquals(before - 2, balance(), "only the run on its own input was charged");
    assertEquals(0, count("SELECT count(*) FROM agent_runs WHERE document_id = ?", document));
    JsonObject run =
        finished(writer, post(RUNS, classify(document), bearer(writer)).expect(202).json());
    assertEquals("contract", run.getJsonObject("output").getString("label"));
    assertEquals(CONTRACT + marker, run.getJsonObject("input").getString("text"));
  }

  @Test
  void aReaderWithoutDocumentsReadSeesTheReferenceNotTheText() {
    String marker = marker();
    String document = upload(CONTRACT + marker);
    String id =
        finished(writer, post(RUNS, classify(document), bearer(writer)).expect(202).json())
            .getString("id");
    Reply asReader = get(RUNS + "/" + id, bearer(reader)).expect(200);
    assertFalse(asReader.body().contains(marker), asReader::toString);
    assertEquals(reference(document, false), asReader.json().getJsonObject("input"));
    assertEquals("contract", asReader.json().getJsonObject("output").getString("label"));
    Reply page = get(RUNS + "?limit=100", bearer(reader)).expect(200);
    assertTrue(page.body().contains(id));
    assertFalse(page.body().contains(marker));
    assertTrue(get(RUNS + "/" + id, bearer(writer)).expect(200).body().contains(marker));
  }

  @Test
  void aDeletedDocumentLeavesNoCopyInRunsPagesOrReplays() throws Exception {
    for (boolean console : List.of(false, true)) {
      String marker = marker();
      String document = upload(CONTRACT + marker);
      String idempotencyKey = "doc-run-" + UUID.randomUUID();
      Reply accepted = postIdempotently(classify(document), idempotencyKey).expect(202);
      String id = accepted.json().getString("id");
      assertTrue(accepted.body().contains(marker), "the caller may read the document");
      awaitRun(writer, id);
      assertEquals(
          "true",
          postIdempotently(classify(document), idempotencyKey).header("Idempotent-Replayed"));
      assertEquals(
          1,
          count(
              "SELECT count(*) FROM idempotency_keys WHERE response_body::text LIKE ?",
              "%" + marker + "%"));

      Reply deleted =
          console
              ? send(
                  "DELETE",
                  "/console/v1/documents/" + document,
                  null,
                  bearer(orgToken(org, "org_admin")))
              : send("DELETE", DOCS + "/" + document, null, bearer(writer));
      deleted.expect(204);

      List<Reply> answers = new ArrayList<>();
      for (String key : List.of(writer, reader)) {
        answers.add(get(RUNS + "/" + id, bearer(key)).expect(200));
        answers.add(get(RUNS + "?limit=100", bearer(key)).expect(200));
      }
      answers.add(postIdempotently(classify(document), idempotencyKey));
      for (Reply answer : answers) {
        assertFalse(answer.body().contains(marker), answer::toString);
      }
      JsonObject run = answers.get(0).json();
      assertEquals(reference(document, true), run.getJsonObject("input"));
      assertEquals("contract", run.getJsonObject("output").getString("label"), "outputs stay");
      assertEquals(
          0, count("SELECT count(*) FROM agent_runs WHERE input::text LIKE ?", "%" + marker + "%"));
      assertEquals(
          0,
          count(
              "SELECT count(*) FROM idempotency_keys WHERE response_body::text LIKE ?",
              "%" + marker + "%"));
    }
  }

  @Test
  void anInvoiceRunKeepsVendorAndNumberSoALaterDuplicateIsStillCaught() throws Exception {
    String marker = marker();
    String number = "DEL-" + UUID.randomUUID();
    JsonObject input;
    try (var json = Json.createReader(new java.io.StringReader(Api.invoice(number)))) {
      input = json.readObject().getJsonObject("input");
    }
    String text = Json.createObjectBuilder(input).add("note", marker).build().toString();
    String document = upload("invoice.json", "application/json", text);
    String body = "{\"agent_type\":\"invoice_processor\",\"document_id\":\"" + document + "\"}";
    String id =
        finished(writer, post(RUNS, body, bearer(writer)).expect(202).json()).getString("id");
    send("DELETE", DOCS + "/" + document, null, bearer(writer)).expect(204);
    Reply after = get(RUNS + "/" + id, bearer(writer)).expect(200);
    assertFalse(after.body().contains(marker), after::toString);
    assertEquals(
        Json.createObjectBuilder()
            .add("document_id", document)
            .add("vendor", "ACME")
            .add("invoice_number", number)
            .add("document_deleted", true)
            .build(),
        after.json().getJsonObject("input"));
    assertEquals(
        0, count("SELECT count(*) FROM agent_runs WHERE input::text LIKE ?", "%" + marker + "%"));
    JsonObject again =
        finished(writer, post(RUNS, Api.invoice(number), bearer(writer)).expect(202).json());
    assertTrue(
        again
            .getJsonObject("output")
            .getJsonArray("exceptions")
            .toString()
            .contains("duplicate_invoice_number"),
        again::toString);
  }

  @Test
  void aRunWhoseDocumentIsDeletedBeforeItExecutesFailsAsSuchAndIsNotAnAgentFailure()
      throws Exception {
    String marker = marker();
    String document = upload(CONTRACT + marker);
    UUID run = UUID.randomUUID();
    // a run still waiting when the delete commits; too new for the periodic recovery (2 minutes),
    // so only the explicit recovery below starts it
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement sql =
            admin.prepareStatement(
                "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input, document_id,"
                    + " created_at) VALUES (?::uuid, ?, 'document_classifier', 'queued', false,"
                    + " jsonb_build_object('text', ?::text), ?::uuid, now() - interval '1 second')")) {
      sql.setString(1, org);
      sql.setObject(2, run);
      sql.setString(3, CONTRACT + marker);
      sql.setString(4, document);
      sql.executeUpdate();
    }
    send("DELETE", DOCS + "/" + document, null, bearer(writer)).expect(204);
    post("/platform/v1/maintenance/run-recovery", null, bearer(Api.platformToken())).expect(200);
    JsonObject done = awaitRun(writer, run.toString());
    assertEquals("failed", done.getString("status"), done::toString);
    assertEquals("document_deleted", done.getJsonObject("error").getString("code"));
    assertFalse(done.toString().contains(marker));
  }

  private static JsonObject finished(String key, JsonObject accepted) {
    return Api.awaitRun(key, accepted.getString("id"));
  }

  private static JsonObject reference(String document, boolean deleted) {
    var reference = Json.createObjectBuilder().add("document_id", document);
    return (deleted ? reference.add("document_deleted", true) : reference).build();
  }

  private static Reply postIdempotently(String body, String idempotencyKey) {
    return send(
        "POST",
        RUNS,
        body,
        "Authorization",
        "Bearer " + writer,
        "Content-Type",
        "application/json",
        "Idempotency-Key",
        idempotencyKey);
  }

  private static String classify(String documentId) {
    return documentId == null
        ? "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"" + CONTRACT + "\"}}"
        : "{\"agent_type\":\"document_classifier\",\"document_id\":\"" + documentId + "\"}";
  }

  private static String marker() {
    return "marker" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String upload(String text) {
    return upload("contract.txt", "text/plain", text);
  }

  private static String upload(String name, String type, String text) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(Api.uri(DOCS + "?name=" + name))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + writer)
            .header("Content-Type", type)
            .POST(BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    return Api.send(request).expect(201).json().getString("id");
  }

  private static long balance() {
    return get("/v1/credits", bearer(writer))
        .expect(200)
        .json()
        .getJsonNumber("balance")
        .longValue();
  }

  /** As the superuser, past RLS: what the tables hold, whoever could read it. */
  private static long count(String query, String argument) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement sql = admin.prepareStatement(query)) {
      sql.setObject(1, query.contains("document_id = ?") ? UUID.fromString(argument) : argument);
      try (ResultSet rows = sql.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
