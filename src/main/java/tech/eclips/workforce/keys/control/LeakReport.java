package tech.eclips.workforce.keys.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tech.eclips.workforce.json.JsonLimits;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A secret-scanning partner's report of exposed tokens, as GitHub sends it: a JSON array of {@code
 * {token, type, url, source}}. At most {@link #MAX_TOKENS} tokens; each text field bounded.
 */
public record LeakReport(List<Leak> leaks) {

  public static final int MAX_BYTES = 256 * 1024;
  public static final int MAX_TOKENS = 200;
  static final int MAX_TOKEN = 200;
  static final int MAX_TEXT = 2_048;

  /** One exposed token, where it was found ({@code url}) and by what ({@code source}). */
  public record Leak(String token, String type, String url, String source) {}

  public static LeakReport parse(byte[] body) {
    JsonValue value;
    String text = new String(body, StandardCharsets.UTF_8);
    try (var reader = JsonSupport.reader(text)) {
      JsonLimits.check(text);
      value = reader.readValue();
    } catch (JsonException | JsonLimits.Exceeded malformed) {
      throw Problems.malformedBody("The report is not valid JSON.");
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TOKENS) {
      throw Problems.malformedBody(
          "The report must be a JSON array of 1 to " + MAX_TOKENS + " {token, type, url, source}.");
    }
    List<Leak> leaks = new ArrayList<>(array.size());
    for (JsonValue item : array) {
      if (!(item instanceof JsonObject leak)
          || !(leak.get("token") instanceof JsonString token)
          || token.getString().length() > MAX_TOKEN) {
        throw Problems.malformedBody("Each reported item needs a token of at most 200 characters.");
      }
      leaks.add(
          new Leak(token.getString(), text(leak, "type"), text(leak, "url"), text(leak, "source")));
    }
    return new LeakReport(List.copyOf(leaks));
  }

  private static String text(JsonObject leak, String field) {
    String text = leak.get(field) instanceof JsonString string ? string.getString() : "";
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
  }
}
