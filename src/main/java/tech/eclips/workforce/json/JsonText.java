package tech.eclips.workforce.json;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Writes JSON text straight into a StringBuilder, for the hot paths where building a JSON-P tree
 * and serialising it cost more than the work it described (audit batches, accepts, runs whose
 * stored JSON is spliced in, {@code GET /v1/me}). Strings are escaped per RFC 8259, and every
 * character outside ASCII too, as a backslash, {@code u} and four hex digits (a surrogate pair as
 * two such escapes; a lone surrogate, which no UTF-8 text and no PostgreSQL {@code jsonb} holds, as
 * U+FFFD): the text stays Latin-1, so the JVM keeps it one byte a character and encodes it to UTF-8
 * by copying. A key's hint holds U+2026, which would otherwise make every answer and audit batch
 * that carries it UTF-16.
 */
public final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char REPLACEMENT = '\uFFFD';

  private JsonText() {}

  public static StringBuilder field(StringBuilder json, String name, String value) {
    quote(json, name).append(':');
    return value == null ? json.append("null") : quote(json, value);
  }

  public static StringBuilder field(StringBuilder json, String name, Coded value) {
    return field(json, name, value == null ? null : value.code());
  }

  public static StringBuilder field(StringBuilder json, String name, boolean value) {
    return quote(json, name).append(':').append(value);
  }

  /** A member whose value is a JSON-P value, written by {@link #value}. */
  public static StringBuilder field(StringBuilder json, String name, JsonValue value) {
    return value(quote(json, name).append(':'), value);
  }

  public static StringBuilder field(StringBuilder json, String name, long value) {
    return quote(json, name).append(':').append(value);
  }

  /**
   * A member whose value is JSON text already (null when absent), such as a jsonb column as
   * PostgreSQL gives it: spliced in as it is, never parsed again. The caller vouches that it is
   * JSON.
   */
  public static StringBuilder raw(StringBuilder json, String name, String jsonText) {
    quote(json, name).append(':');
    return json.append(jsonText == null ? "null" : jsonText);
  }

  /**
   * A JSON-P value as compact text, as its provider would write it but for the escapes above (so
   * the text may be longer than the provider's UTF-8, never shorter). Recursive: for values whose
   * depth is bounded already (a request body after {@link JsonLimits}, what our code builds).
   */
  public static StringBuilder value(StringBuilder json, JsonValue value) {
    switch (value.getValueType()) {
      case OBJECT -> {
        json.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : value.asJsonObject().entrySet()) {
          quote(json.append(first ? "" : ","), member.getKey()).append(':');
          value(json, member.getValue());
          first = false;
        }
        return json.append('}');
      }
      case ARRAY -> {
        json.append('[');
        boolean first = true;
        for (JsonValue item : value.asJsonArray()) {
          value(json.append(first ? "" : ","), item);
          first = false;
        }
        return json.append(']');
      }
      case STRING -> {
        return quote(json, ((JsonString) value).getString());
      }
      default -> {
        // numbers as their provider writes them; true, false and null
        return json.append(value.toString());
      }
    }
  }

  /** {@link #value} as a String. */
  public static String of(JsonValue value) {
    return value(new StringBuilder(256), value).toString();
  }

  public static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    int plainFrom = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
        continue;
      }
      json.append(text, plainFrom, i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (!Character.isSurrogate(c)) {
        escape(json, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        escape(escape(json, c), text.charAt(++i));
      } else {
        escape(json, REPLACEMENT);
      }
      plainFrom = i + 1;
    }
    return json.append(text, plainFrom, text.length()).append('"');
  }

  private static StringBuilder escape(StringBuilder json, char c) {
    return json.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
