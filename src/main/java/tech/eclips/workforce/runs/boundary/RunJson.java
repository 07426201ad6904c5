package tech.eclips.workforce.runs.boundary;

import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.documents.control.DocumentReference;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.runs.entity.AgentRun;

/**
 * A run as the API shows it (CONTRACT §6), written as text. The stored input, output and error are
 * spliced in as PostgreSQL gives them (jsonb, so valid JSON) instead of being parsed into a tree
 * and written again on every read: a run whose input is 1 MiB cost a tree of that size per GET, per
 * item of a page, per replay. A run that names a document shows its input only to a caller who may
 * read documents; others see the reference ({@link DocumentReference}).
 */
final class RunJson {

  private RunJson() {}

  /** As the caller that accepted it sees it: the accept needed {@code documents:read} already. */
  static String of(AgentRun run) {
    return of(run, true);
  }

  static String of(AgentRun run, boolean mayReadDocuments) {
    String input =
        mayReadDocuments || run.documentId() == null
            ? run.input()
            : DocumentReference.json(run.documentId(), run.invoiceVendor(), run.invoiceNumber());
    StringBuilder json =
        new StringBuilder(384 + length(input) + length(run.output()) + length(run.error()));
    json.append('{');
    JsonText.field(json, "id", run.id().toString()).append(',');
    JsonText.field(json, "object", "agent_run").append(',');
    JsonText.field(json, "agent_type", run.agentType()).append(',');
    JsonText.field(json, "status", run.status()).append(',');
    JsonText.quote(json, "livemode").append(':').append(run.livemode()).append(',');
    JsonText.field(json, "credits_charged", run.creditsCharged()).append(',');
    JsonText.raw(json, "input", input).append(',');
    JsonText.raw(json, "output", run.output()).append(',');
    JsonText.raw(json, "error", run.error()).append(',');
    JsonText.field(json, "triage_item_id", text(run.triageItemId())).append(',');
    JsonText.field(json, "created_at", instant(run.createdAt())).append(',');
    JsonText.field(json, "completed_at", instant(run.completedAt()));
    return json.append('}').toString();
  }

  private static int length(String stored) {
    return stored == null ? 0 : stored.length();
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
