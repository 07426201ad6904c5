package tech.eclips.workforce.json;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** Adds optional values to a response object as JSON null when absent, as Stripe-style APIs do. */
public final class JsonFields {

  private JsonFields() {}

  public static JsonObjectBuilder add(JsonObjectBuilder json, String field, Object value) {
    if (value == null) {
      return json.addNull(field);
    }
    if (value instanceof Number number) {
      return json.add(field, number.longValue());
    }
    if (value instanceof Boolean bool) {
      return json.add(field, bool);
    }
    if (value instanceof Instant instant) {
      return json.add(field, instant.toString());
    }
    return json.add(field, value.toString());
  }
}
