package tech.eclips.workforce.webhooks.control;

import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.json.JsonRequest;

/** A redelivery's body, {@code {event_id}}: an {@code evt_} id of the caller's org. */
public record Redelivery(UUID eventId) {

  static final String EVENT_ID = "event_id";

  public static Redelivery from(String body) {
    JsonRequest json = JsonRequest.parse(body, Set.of(EVENT_ID));
    UUID event =
        json.requiredString(EVENT_ID, 64)
            .flatMap(
                id -> Event.parse(id).or(() -> json.error(EVENT_ID, "must be an event id (evt_…)")))
            .orElse(null);
    json.done();
    return new Redelivery(event);
  }
}
