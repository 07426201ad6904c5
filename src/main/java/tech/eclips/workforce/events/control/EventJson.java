package tech.eclips.workforce.events.control;

import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.json.JsonText;

/**
 * {@code {id: "evt_…", object: "event", type, mode, livemode, created_at, data: {object}}}: the
 * stored object spliced in as text, never parsed again.
 */
public final class EventJson {

  private EventJson() {}

  public static String of(Event event) {
    StringBuilder json = new StringBuilder(256 + event.data().length());
    json.append('{');
    JsonText.field(json, "id", event.publicId()).append(',');
    JsonText.field(json, "object", "event").append(',');
    JsonText.field(json, "type", event.type()).append(',');
    JsonText.field(json, "mode", event.livemode() ? "live" : "test").append(',');
    JsonText.quote(json, "livemode").append(':').append(event.livemode()).append(',');
    JsonText.field(json, "created_at", event.createdAt().toInstant().toString()).append(',');
    JsonText.quote(json, "data").append(":{");
    JsonText.raw(json, "object", event.data());
    return json.append("}}").toString();
  }
}
