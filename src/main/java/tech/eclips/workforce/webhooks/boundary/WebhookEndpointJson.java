package tech.eclips.workforce.webhooks.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.webhooks.control.WebhookEndpoints.Issued;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * The console's view of an endpoint. The signing secret appears only in {@link #withSecret}, used
 * by create and rotate; {@code secret_rotation_ends_at} says until when the previous one still
 * signs.
 */
final class WebhookEndpointJson {

  private WebhookEndpointJson() {}

  static JsonObject of(WebhookEndpoint endpoint, Instant now) {
    return builder(endpoint, now).build();
  }

  static JsonObject withSecret(Issued issued, Instant now) {
    return builder(issued.endpoint(), now).add("secret", issued.secret().text()).build();
  }

  private static JsonObjectBuilder builder(WebhookEndpoint endpoint, Instant now) {
    JsonArrayBuilder types = JsonSupport.array();
    endpoint.eventTypes().stream().map(EventType::code).forEach(types::add);
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", endpoint.id().toString())
            .add("object", "webhook_endpoint")
            .add("url", endpoint.url())
            .add("mode", endpoint.livemode() ? "live" : "test")
            .add("event_types", types)
            .add("enabled", endpoint.enabled());
    JsonFields.add(json, "description", endpoint.description());
    JsonFields.add(json, "disabled_at", endpoint.disabledAt());
    JsonFields.add(json, "disabled_reason", endpoint.disabledReason());
    JsonFields.add(
        json,
        "secret_rotation_ends_at",
        endpoint.previousSecretSealed(now).isPresent() ? endpoint.previousSecretUntil() : null);
    JsonFields.add(json, "created_at", endpoint.createdAt());
    JsonFields.add(json, "updated_at", endpoint.updatedAt());
    return json;
  }
}
