package tech.eclips.workforce.runs.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.KeyId;
import tech.eclips.workforce.runs.entity.AgentRun;

/** The run written as text, stored JSON spliced in, is the run the tree-built rendering showed. */
class RunJsonTest {

  /** jsonb's own output style: spaces after colons and commas, escapes, decimals kept. */
  private static final String INPUT =
      "{\"a\": 1, \"lines\": [{\"q\": 1.50, \"d\": \"x\\\"y\\\\z\\n\u00e9\ud83d\ude42\"}], \"n\": null}";

  @Test
  void aFinishedRunReadsAsItDidWhenItsJsonWasParsed() throws Exception {
    AgentRun run =
        new AgentRun(UUID.randomUUID(), "invoice_processor", false, 10, INPUT)
            .requestedBy(new KeyId(UUID.randomUUID()), null);
    set(run, "status", tech.eclips.workforce.runs.entity.RunStatus.AWAITING_REVIEW);
    set(run, "output", "{\"total\": 71.96, \"exceptions\": []}");
    set(run, "triageItemId", UUID.randomUUID());
    set(run, "completedAt", OffsetDateTime.now(ZoneOffset.UTC));
    assertEquals(treeBuilt(run), parse(RunJson.of(run)));
  }

  @Test
  void aQueuedRunHasNullsWhereNothingIsStoredYet() {
    AgentRun run = new AgentRun(UUID.randomUUID(), "document_classifier", true, 2, "{}");
    assertEquals(treeBuilt(run), parse(RunJson.of(run)));
  }

  @Test
  void aRunFromADocumentShowsTheReferenceToAKeyThatMayNotReadDocuments() throws Exception {
    UUID document = UUID.randomUUID();
    AgentRun classified =
        new AgentRun(UUID.randomUUID(), "document_classifier", false, 2, "{\"text\": \"secret\"}")
            .requestedBy(new KeyId(UUID.randomUUID()), document);
    assertEquals(treeBuilt(classified), parse(RunJson.of(classified, true)));
    JsonObject shown = parse(RunJson.of(classified, false));
    assertEquals(
        JsonSupport.object().add("document_id", document.toString()).build(),
        shown.getJsonObject("input"));
    assertFalse(RunJson.of(classified, false).contains("secret"));

    AgentRun invoice =
        new AgentRun(UUID.randomUUID(), "invoice_processor", false, 10, INPUT)
            .requestedBy(new KeyId(UUID.randomUUID()), document);
    set(invoice, "invoiceVendor", "ACME \"Ltd\"");
    set(invoice, "invoiceNumber", "INV-1");
    assertEquals(
        JsonSupport.object()
            .add("document_id", document.toString())
            .add("vendor", "ACME \"Ltd\"")
            .add("invoice_number", "INV-1")
            .build(),
        parse(RunJson.of(invoice, false)).getJsonObject("input"));

    AgentRun own = new AgentRun(UUID.randomUUID(), "document_classifier", false, 2, INPUT);
    assertEquals(treeBuilt(own), parse(RunJson.of(own, false)), "no document, nothing hidden");
  }

  /** How RunJson rendered a run before it spliced stored text (parse, then write again). */
  private static JsonObject treeBuilt(AgentRun run) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", run.id().toString())
            .add("object", "agent_run")
            .add("agent_type", run.agentType())
            .add("status", run.status().code())
            .add("livemode", run.livemode())
            .add("credits_charged", run.creditsCharged());
    for (String[] stored :
        new String[][] {{"input", run.input()}, {"output", run.output()}, {"error", run.error()}}) {
      if (stored[1] == null) {
        json.addNull(stored[0]);
      } else {
        json.add(stored[0], parse(stored[1]));
      }
    }
    JsonFields.add(json, "triage_item_id", run.triageItemId());
    JsonFields.add(json, "created_at", run.createdAt().toInstant());
    JsonFields.add(
        json, "completed_at", run.completedAt() == null ? null : run.completedAt().toInstant());
    return json.build();
  }

  private static JsonObject parse(String text) {
    try (var reader = JsonSupport.reader(text)) {
      return reader.readObject();
    }
  }

  private static void set(AgentRun run, String field, Object value) throws Exception {
    Field f = AgentRun.class.getDeclaredField(field);
    f.setAccessible(true);
    f.set(run, value);
  }
}
