package tech.eclips.workforce.webhooks.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.webhooks.entity.WebhookDelivery;

/**
 * The console's view of a delivery: where it stands, how many attempts, the last one's status code,
 * latency and our reason for a failure, and when the next one is due.
 */
final class WebhookDeliveryJson {

  private WebhookDeliveryJson() {}

  static JsonObject of(WebhookDelivery delivery) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("id", delivery.id().toString())
            .add("object", "webhook_delivery")
            .add("endpoint_id", delivery.endpointId().toString())
            .add("event_id", Event.publicId(delivery.eventId()))
            .add("status", delivery.status().code())
            .add("attempts", delivery.attempts())
            .add("manual", delivery.manual());
    JsonFields.add(json, "next_attempt_at", delivery.nextAttemptAt());
    JsonFields.add(json, "last_attempt_at", delivery.lastAttemptAt());
    JsonFields.add(
        json,
        "last_response_code",
        delivery.lastResponseCode() == null ? null : delivery.lastResponseCode().longValue());
    JsonFields.add(
        json,
        "last_latency_ms",
        delivery.lastLatencyMs() == null ? null : delivery.lastLatencyMs().longValue());
    JsonFields.add(json, "last_error", delivery.lastError());
    JsonFields.add(json, "created_at", delivery.createdAt());
    JsonFields.add(json, "completed_at", delivery.completedAt());
    return json.build();
  }
}
