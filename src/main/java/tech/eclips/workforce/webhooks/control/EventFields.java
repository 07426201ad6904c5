package tech.eclips.workforce.webhooks.control;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.problems.control.Problems;

/** What the create and update bodies share: the URL's two checks and the event type list. */
final class EventFields {

  static final int MAX_DESCRIPTION = 500;

  private EventFields() {}

  /**
   * The URL's form is one more field error; where it points is its own problem, thrown once the
   * body is otherwise valid (400 {@code webhook_destination_refused}).
   */
  static Optional<URI> url(JsonRequest json, Destinations destinations, List<String> refused) {
    return json.requiredString("url", Destinations.MAX_URL_LENGTH)
        .flatMap(
            text -> {
              try {
                return Optional.of(destinations.registrable(text));
              } catch (Destinations.Refusal refusal) {
                if (refusal.destination()) {
                  refused.add(refusal.getMessage());
                  return Optional.empty();
                }
                return json.error("url", refusal.getMessage());
              }
            });
  }

  static Optional<Set<EventType>> eventTypes(JsonRequest json) {
    return json.requiredStrings("event_types")
        .flatMap(
            codes -> {
              Set<EventType> types = EnumSet.noneOf(EventType.class);
              for (String code : codes) {
                Optional<EventType> type = EventType.fromCode(code);
                if (type.isEmpty()) {
                  return json.error(
                      "event_types",
                      "'"
                          + abbreviated(code)
                          + "' is not an event type; known: "
                          + EventType.join(EnumSet.allOf(EventType.class)));
                }
                types.add(type.get());
              }
              return Optional.of(types);
            });
  }

  static void done(JsonRequest json, List<String> refused) {
    json.done();
    if (!refused.isEmpty()) {
      throw Problems.webhookDestinationRefused(refused.get(0));
    }
  }

  private static String abbreviated(String code) {
    return code.length() > 60 ? code.substring(0, 60) + "…" : code;
  }
}
