package tech.eclips.workforce.json;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * Shared JSON-P factories. {@code Json.createObjectBuilder()} and friends look the provider up
 * through the ServiceLoader on every call, which the profile showed costing more than the whole
 * security ring.
 */
public final class JsonSupport {

  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private JsonSupport() {}

  public static JsonObjectBuilder object() {
    return BUILDERS.createObjectBuilder();
  }

  public static JsonArrayBuilder array() {
    return BUILDERS.createArrayBuilder();
  }

  public static JsonReader reader(String json) {
    return READERS.createReader(new StringReader(json));
  }
}
