package tech.eclips.workforce.runs.boundary;

import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.runs.control.RunSummaries.RunSummary;
import tech.eclips.workforce.runs.control.RunSummaries.SummaryPage;

/** The console's page of runs, written as text: summaries only, so a page stays small. */
final class RunSummaryJson {

  private RunSummaryJson() {}

  static String page(SummaryPage page) {
    StringBuilder json = new StringBuilder(96 + 320 * page.runs().size());
    json.append("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < page.runs().size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      item(json, page.runs().get(i));
    }
    json.append("],\"has_more\":").append(page.hasMore()).append(',');
    JsonText.field(json, "next_starting_after", text(page.nextStartingAfter()));
    return json.append('}').toString();
  }

  private static void item(StringBuilder json, RunSummary run) {
    json.append('{');
    JsonText.field(json, "id", run.id().toString()).append(',');
    JsonText.field(json, "object", "agent_run_summary").append(',');
    JsonText.field(json, "agent_type", run.agentType()).append(',');
    JsonText.field(json, "status", run.status()).append(',');
    JsonText.quote(json, "livemode").append(':').append(run.livemode()).append(',');
    JsonText.field(json, "credits_charged", run.creditsCharged()).append(',');
    JsonText.field(json, "triage_item_id", text(run.triageItemId())).append(',');
    JsonText.field(json, "created_at", instant(run.createdAt())).append(',');
    JsonText.field(json, "completed_at", instant(run.completedAt()));
    json.append('}');
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
