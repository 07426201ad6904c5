package it.tech.eclips.workforce.runs;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.invoice;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Accepting, executing and reading agent runs. */
@ExtendWith(Deployments.class)
class RunsIT {

  private static final String RUNS = "/v1/agents/runs";

  private static String org;
  private static String live;
  private static String test;

  @BeforeAll
  static void keys() {
    org = Api.newOrg("team");
    live = Api.newKey(org, "live", "runs:read", "runs:write", "credits:read");
    test = Api.newKey(org, "test", "runs:read", "runs:write", "credits:read");
    Api.trustFully(org);
  }

  @Test
  void aCleanInvoiceIsAcceptedThenSucceedsWithExactTotals() {
    Reply accepted = post(RUNS, invoice("INV-" + UUID.randomUUID()), bearer(live)).expect(202);
    JsonObject run = accepted.json();
    assertEquals("queued", run.getString("status"));
    assertEquals(10, run.getInt("credits_charged"));
    assertTrue(run.getBoolean("livemode"));
    assertTrue(accepted.header("Location").endsWith(RUNS + "/" + run.getString("id")));
    JsonObject done = awaitRun(live, run.getString("id"));
    assertEquals("succeeded", done.getString("status"));
    JsonObject output = done.getJsonObject("output");
    assertEquals("59.97", output.getJsonNumber("subtotal").toString());
    assertEquals("11.99", output.getJsonNumber("tax").toString());
    assertEquals("71.96", output.getJsonNumber("total").toString());
    assertTrue(output.getJsonArray("exceptions").isEmpty());
    assertFalse(done.isNull("completed_at"));
  }

  @Test
  void anInvoiceWithExceptionsAwaitsReviewWithATriageItem() {
    String number = "INV-" + UUID.randomUUID();
    awaitRun(live, post(RUNS, invoice(number), bearer(live)).expect(202).json().getString("id"));
    String body =
        "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"invoice_number\":\""
            + number
            + "\","
            + "\"currency\":\"EUR\",\"issue_date\":\"2026-11-10\",\"due_date\":\"2026-11-01\","
            + "\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_price\":-5}],\"total\":100}}";
    JsonObject done =
        awaitRun(live, post(RUNS, body, bearer(live)).expect(202).json().getString("id"));
    assertEquals("awaiting_review", done.getString("status"));
    assertFalse(done.isNull("triage_item_id"));
    List<String> codes =
        done.getJsonObject("output").getJsonArray("exceptions").stream()
            .map(e -> e.asJsonObject().getString("code"))
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "due_before_issue", "duplicate_invoice_number", "negative_amount", "total_mismatch"),
        codes);
  }

  @Test
  void missingFieldsAreExceptionsNotErrors() {
    String body =
        "{\"agent_type\":\"invoice_processor\",\"input\":{\"currency\":\"JPY\",\"lines\":[]}}";
    JsonObject done =
        awaitRun(test, post(RUNS, body, bearer(test)).expect(202).json().getString("id"));
    assertEquals("awaiting_review", done.getString("status"));
    List<String> fields =
        done.getJsonObject("output").getJsonArray("exceptions").stream()
            .map(e -> e.asJsonObject().getString("field", ""))
            .sorted()
            .toList();
    assertEquals(List.of("invoice_number", "issue_date", "lines", "vendor"), fields);
  }

  @Test
  void theClassifierLabelsByKeywords() {
    String body =
        "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"This Agreement is made between the parties "
            + "hereby agreeing to the terms and conditions; governing law: Ireland.\"}}";
    Reply accepted = post(RUNS, body, bearer(test)).expect(202);
    assertEquals(2, accepted.json().getInt("credits_charged"));
    JsonObject output = awaitRun(test, accepted.json().getString("id")).getJsonObject("output");
    assertEquals("contract", output.getString("label"));
    assertEquals(5, output.getJsonArray("matched_terms").size());
    assertEquals("0.83", output.getJsonNumber("confidence").toString());
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsCharged() {
    long before = balance();
    assertEquals(
        "agent_type",
        firstField(post(RUNS, "{\"agent_type\":\"poet\",\"input\":{}}", bearer(live))));
    assertEquals(
        "input",
        firstField(
            post(RUNS, "{\"agent_type\":\"invoice_processor\",\"input\":[1]}", bearer(live))));
    assertEquals(
        "colour",
        firstField(
            post(
                RUNS,
                "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\"},\"colour\":1}",
                bearer(live))));
    assertEquals(
        "input.lines[0].quantity",
        firstField(
            post(
                RUNS,
                "{\"agent_type\":\"invoice_processor\",\"input\":{\"lines\":[{\"quantity\":\"many\",\"unit_price\":1}]}}",
                bearer(live))));
    assertEquals(
        "input.currency",
        firstField(
            post(
                RUNS,
                "{\"agent_type\":\"invoice_processor\",\"input\":{\"currency\":\"EURO\"}}",
                bearer(live))));
    assertEquals(
        "input.text",
        firstField(
            post(RUNS, "{\"agent_type\":\"document_classifier\",\"input\":{}}", bearer(live))));
    // naming a document needs documents:read (ScopeBypassIT); with it, a bad id is a bad value
    String documentsToo = Api.newKey(org, "live", "runs:write", "documents:read");
    assertEquals(
        "document_id",
        firstField(
            post(
                RUNS,
                "{\"agent_type\":\"document_classifier\",\"document_id\":\"not-an-id\"}",
                bearer(documentsToo))));
    assertEquals(400, post(RUNS, "{\"agent_type\":", bearer(live)).status());
    assertEquals(before, balance());
  }

  @Test
  void creatingARunNeedsRunsWriteNotJustRunsRead() {
    String readOnly = Api.newKey(org, "live", "runs:read");
    Reply refused = post(RUNS, invoice("RO-1"), bearer(readOnly)).expect(403);
    assertEquals("insufficient_scope", refused.code());
    assertTrue(refused.header("WWW-Authenticate").contains("scope=\"runs:write\""));
  }

  @Test
  void liveKeysCannotSimulateFailures() {
    String body =
        "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";
    assertEquals("input.simulate", firstField(post(RUNS, body, bearer(live))));
  }

  @Test
  void aSimulatedAgentFailureFailsTheRunAndRefundsIt() throws SQLException {
    long before = balance();
    String body =
        "{\"agent_type\":\"invoice_processor\",\"input\":{\"simulate\":\"agent_failure\"}}";
    JsonObject accepted = post(RUNS, body, bearer(test)).expect(202).json();
    assertFalse(accepted.getBoolean("livemode"));
    JsonObject done = awaitRun(test, accepted.getString("id"));
    assertEquals("failed", done.getString("status"));
    assertEquals("agent_failure", done.getJsonObject("error").getString("code"));
    assertEquals(before, balance(), "the failed run's credits came back");
    // and they had been taken: one debit and one refund of the same positive amount
    int price = done.getInt("credits_charged");
    assertTrue(price > 0, done::toString);
    assertEquals(List.of("debit:-" + price, "refund:" + price), ledgerOf(accepted.getString("id")));
  }

  private static List<String> ledgerOf(String run) throws SQLException {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement rows =
            admin.prepareStatement(
                "SELECT entry_type || ':' || amount FROM credit_ledger WHERE run_id = ?"
                    + " ORDER BY entry_type")) {
      rows.setObject(1, UUID.fromString(run));
      List<String> entries = new java.util.ArrayList<>();
      try (ResultSet row = rows.executeQuery()) {
        while (row.next()) {
          entries.add(row.getString(1));
        }
      }
      return entries;
    }
  }

  @Test
  void listsArePagedNewestFirstAndOtherOrgsRunsAreNotFound() {
    String other = Api.newKey(Api.newOrg("team"), "test", "runs:read", "runs:write");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          0,
          post(
                  RUNS,
                  "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"receipt "
                      + i
                      + "\"}}",
                  bearer(other))
              .expect(202)
              .json()
              .getString("id"));
    }
    JsonObject first = get(RUNS + "?limit=2", bearer(other)).expect(200).json();
    assertTrue(first.getBoolean("has_more"));
    assertEquals(
        ids.subList(0, 2),
        first.getJsonArray("data").stream().map(r -> r.asJsonObject().getString("id")).toList());
    JsonObject second =
        get(RUNS + "?limit=2&starting_after=" + ids.get(1), bearer(other)).expect(200).json();
    assertFalse(second.getBoolean("has_more"));
    assertEquals(
        List.of(ids.get(2)),
        second.getJsonArray("data").stream().map(r -> r.asJsonObject().getString("id")).toList());
    assertEquals("not_found", get(RUNS + "/" + ids.get(0), bearer(live)).expect(404).code());
    assertEquals(400, get(RUNS + "?limit=0", bearer(other)).status());
    assertEquals(400, get(RUNS + "?limit=abc", bearer(other)).status());
  }

  @Test
  void aPageStopsBeforeFourMebibytesAndTheCursorContinuesToTheRest() {
    String key = Api.newKey(Api.newOrg("team"), "test", "runs:read", "runs:write");
    // the classifier reads only "text"; 900 KiB of notes keep each body under the 1 MiB limit
    String notes = "n".repeat(900 * 1024);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String body =
          "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"receipt "
              + i
              + "\",\"notes\":\""
              + notes
              + "\"}}";
      ids.add(0, post(RUNS, body, bearer(key)).expect(202).json().getString("id"));
    }
    Reply first = get(RUNS + "?limit=100", bearer(key)).expect(200);
    assertTrue(
        first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 4 << 20,
        () -> first.body().length() + " bytes");
    JsonObject page = first.json();
    assertTrue(page.getBoolean("has_more"));
    List<String> seen = runIds(page);
    assertEquals(ids.subList(0, 4), seen, "4 × 900 KiB fit in 4 MiB, a fifth does not");
    assertEquals(
        notes,
        page.getJsonArray("data").getJsonObject(3).getJsonObject("input").getString("notes"));
    JsonObject rest =
        get(RUNS + "?limit=100&starting_after=" + seen.get(3), bearer(key)).expect(200).json();
    assertFalse(rest.getBoolean("has_more"));
    assertEquals(ids.subList(4, 6), runIds(rest));
  }

  private static List<String> runIds(JsonObject page) {
    return page.getJsonArray("data").stream().map(r -> r.asJsonObject().getString("id")).toList();
  }

  private static long balance() {
    return get("/v1/credits", bearer(live)).expect(200).json().getJsonNumber("balance").longValue();
  }

  private static String firstField(Reply reply) {
    reply.expect(400);
    return reply.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }
}
