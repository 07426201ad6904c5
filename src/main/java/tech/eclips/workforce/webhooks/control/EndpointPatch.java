package tech.eclips.workforce.webhooks.control;

import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * {@code {url?, event_types?, description?, enabled?}}: at least one field; a field left out keeps
 * its value, {@code "description": null} removes it. A changed URL is checked as a new one. The
 * mode cannot change: an endpoint for the other mode is a new endpoint.
 */
public record EndpointPatch(
    URI url, Set<EventType> eventTypes, String description, boolean enabled) {

  static final Set<String> FIELDS = Set.of("url", "event_types", "description", "enabled");

  public static EndpointPatch from(
      String body, WebhookEndpoint current, Destinations destinations) {
    JsonRequest json = JsonRequest.parse(body, FIELDS);
    if (FIELDS.stream().noneMatch(json::has)) {
      json.error(
          "body",
          "must change at least one of " + String.join(", ", FIELDS.stream().sorted().toList()));
    }
    List<String> refused = new ArrayList<>();
    Optional<URI> url =
        json.has("url") ? EventFields.url(json, destinations, refused) : Optional.empty();
    Optional<Set<EventType>> types =
        json.has("event_types") ? EventFields.eventTypes(json) : Optional.empty();
    Optional<String> description = json.optionalString("description", EventFields.MAX_DESCRIPTION);
    boolean enabled = current.enabled();
    JsonValue flag = json.value("enabled");
    if (flag != null
        && (flag.getValueType() == JsonValue.ValueType.TRUE
            || flag.getValueType() == JsonValue.ValueType.FALSE)) {
      enabled = flag.getValueType() == JsonValue.ValueType.TRUE;
    } else if (flag != null) {
      json.error("enabled", "must be true or false");
    }
    EventFields.done(json, refused);
    return new EndpointPatch(
        url.orElseGet(() -> URI.create(current.url())),
        types.orElseGet(current::eventTypes),
        json.has("description") ? description.orElse(null) : current.description(),
        enabled);
  }
}
