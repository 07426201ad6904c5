package tech.eclips.workforce.events.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;

/**
 * The bounded summaries events carry where the full resource would be large (a run's input and
 * output can take a MiB): the fields a receiver switches on, and the id to fetch the rest with.
 * Never a secret, never a document's content.
 */
public final class EventObjects {

  private EventObjects() {}

  /** A run that reached an outcome; {@code errorCode} for a failed one. */
  public static JsonObject run(
      UUID id,
      String agentType,
      String status,
      boolean livemode,
      Long creditsCharged,
      UUID triageItem,
      String errorCode) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", id.toString())
            .add("object", "agent_run")
            .add("agent_type", agentType)
            .add("status", status)
            .add("livemode", livemode);
    JsonFields.add(json, "credits_charged", creditsCharged);
    JsonFields.add(json, "triage_item_id", triageItem == null ? null : triageItem.toString());
    if (errorCode == null) {
      json.addNull("error");
    } else {
      json.add("error", JsonSupport.object().add("code", errorCode));
    }
    return json.build();
  }

  /** A triage item just opened for a run. */
  public static JsonObject triageItemOpened(
      UUID id, UUID run, String agentType, boolean livemode, Iterable<String> reasons) {
    var list = JsonSupport.array();
    reasons.forEach(list::add);
    return JsonSupport.object()
        .add("id", id.toString())
        .add("object", "triage_item")
        .add("run_id", run.toString())
        .add("agent_type", agentType)
        .add("status", "open")
        .add("livemode", livemode)
        .add("reasons", list)
        .build();
  }

  /** A trust profile whose level moved. */
  public static JsonObject trustProfile(
      String agentType, boolean livemode, String level, String previousLevel) {
    return JsonSupport.object()
        .add("object", "trust_profile")
        .add("agent_type", agentType)
        .add("livemode", livemode)
        .add("level", level)
        .add("previous_level", previousLevel)
        .build();
  }

  /** A circuit breaker that opened or closed. */
  public static JsonObject breaker(String agentType, boolean livemode, String state) {
    return JsonSupport.object()
        .add("object", "circuit_breaker")
        .add("agent_type", agentType)
        .add("livemode", livemode)
        .add("state", state)
        .build();
  }
}
