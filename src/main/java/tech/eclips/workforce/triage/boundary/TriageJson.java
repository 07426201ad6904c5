package tech.eclips.workforce.triage.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.triage.entity.TriageItem;

/** A triage item as the API shows it. */
final class TriageJson {

  private TriageJson() {}

  static JsonObject of(TriageItem item) {
    return builder(item).build();
  }

  /**
   * One item with its run's output, which the reviewer judges, as text: the output is spliced in as
   * PostgreSQL gives it (jsonb, so valid JSON), never parsed into a tree per read.
   */
  static String withOutput(TriageItem item, String output) {
    String json = of(item).toString();
    StringBuilder text =
        new StringBuilder(json.length() + 16 + (output == null ? 4 : output.length()));
    text.append(json, 0, json.length() - 1).append(',');
    return JsonText.raw(text, "run_output", output).append('}').toString();
  }

  private static JsonObjectBuilder builder(TriageItem item) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", item.id().toString())
            .add("object", "triage_item")
            .add("run_id", item.runId().toString())
            .add("agent_type", item.agentType())
            .add("status", item.status().code())
            .add("livemode", item.livemode());
    try (var reader = JsonSupport.reader(item.reasons())) {
      json.add("reasons", reader.readArray());
    }
    JsonFields.add(json, "note", item.note());
    JsonFields.add(json, "resolved_by", item.resolvedBy());
    JsonFields.add(json, "created_at", item.createdAt().toInstant());
    return JsonFields.add(
        json, "resolved_at", item.resolvedAt() == null ? null : item.resolvedAt().toInstant());
  }
}
