package tech.eclips.workforce.json;

/**
 * Writes JSON text straight into a StringBuilder, for the one hot path where building a JSON-P tree
 * and serialising it cost more than the work it described (audit batches, runs whose stored JSON is
 * spliced in). Strings are escaped per RFC 8259.
 */
public final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  public static StringBuilder field(StringBuilder json, String name, String value) {
    quote(json, name).append(':');
    return value == null ? json.append("null") : quote(json, value);
  }

  public static StringBuilder field(StringBuilder json, String name, Coded value) {
    return field(json, name, value == null ? null : value.code());
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

  public static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    if (plain(text)) {
      return json.append(text).append('"');
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }

  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
