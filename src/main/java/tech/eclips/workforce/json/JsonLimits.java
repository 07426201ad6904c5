package tech.eclips.workforce.json;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;
import tech.eclips.workforce.limits.control.Utf8Text;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Checks a JSON body with a streaming parser before any tree is built (CONTRACT §10): nesting at
 * most {@link #MAX_DEPTH} levels (building the tree of 5,000 levels overflowed the stack), and no
 * NUL or lone surrogate in any name or string (PostgreSQL refuses them). Malformed JSON fails here
 * with the parser's own exception, which the caller reports.
 */
public final class JsonLimits {

  public static final int MAX_DEPTH = 32;

  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  private JsonLimits() {}

  public static void check(String json) {
    int depth = 0;
    try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw Problems.malformedBody(
                  "JSON may be nested at most " + MAX_DEPTH + " levels deep.");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case KEY_NAME, VALUE_STRING -> {
            if (!Utf8Text.valid(parser.getString())) {
              throw Problems.malformedBody(
                  "JSON strings must be valid Unicode text without NUL characters.");
            }
          }
          default -> {
            // numbers, booleans and null carry no text
          }
        }
      }
    }
  }
}
