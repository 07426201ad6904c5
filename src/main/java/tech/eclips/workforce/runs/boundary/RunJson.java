package tech.eclips.workforce.runs.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.runs.entity.AgentRun;

/** A run as the API shows it (CONTRACT §6). */
final class RunJson {

  private RunJson() {}

  static JsonObject of(AgentRun run) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", run.id().toString())
            .add("object", "agent_run")
            .add("agent_type", run.agentType())
            .add("status", run.status())
            .add("livemode", run.livemode())
            .add("credits_charged", run.creditsCharged());
    document(json, "input", run.input());
    document(json, "output", run.output());
    document(json, "error", run.error());
    JsonFields.add(json, "triage_item_id", run.triageItemId());
    JsonFields.add(json, "created_at", run.createdAt().toInstant());
    JsonFields.add(
        json, "completed_at", run.completedAt() == null ? null : run.completedAt().toInstant());
    return json.build();
  }

  private static void document(JsonObjectBuilder json, String field, String stored) {
    if (stored == null) {
      json.addNull(field);
      return;
    }
    try (var reader = JsonSupport.reader(stored)) {
      json.add(field, reader.readValue());
    }
  }
}
