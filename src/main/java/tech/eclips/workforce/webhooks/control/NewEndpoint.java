package tech.eclips.workforce.webhooks.control;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * A valid request for a new endpoint: {@code {url, mode, event_types, description?}}. Test-mode
 * events go to test endpoints only, live ones to live endpoints only.
 */
public record NewEndpoint(URI url, KeyMode mode, Set<EventType> eventTypes, String description) {

  static final Set<String> FIELDS = Set.of("url", "mode", "event_types", "description");

  public static NewEndpoint from(String body, Destinations destinations) {
    JsonRequest json = JsonRequest.parse(body, FIELDS);
    List<String> refused = new ArrayList<>();
    Optional<URI> url = EventFields.url(json, destinations, refused);
    Optional<KeyMode> mode =
        json.requiredString("mode", 10)
            .flatMap(
                m -> KeyMode.fromCode(m).or(() -> json.error("mode", "must be 'live' or 'test'")));
    Optional<Set<EventType>> types = EventFields.eventTypes(json);
    Optional<String> description = json.optionalString("description", EventFields.MAX_DESCRIPTION);
    EventFields.done(json, refused);
    return new NewEndpoint(
        url.orElseThrow(), mode.orElseThrow(), types.orElseThrow(), description.orElse(null));
  }
}
