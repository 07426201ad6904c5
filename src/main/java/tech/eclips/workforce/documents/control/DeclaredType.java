package tech.eclips.workforce.documents.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A request's {@code Content-Type}, reduced to what is stored: the lower-case {@code type/subtype}.
 * Text types may say {@code charset=utf-8} (or US-ASCII, a subset); any other charset is refused,
 * since the bytes are checked and served as UTF-8.
 */
public record DeclaredType(String essence) {

  public static Optional<DeclaredType> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] parts = header.split(";");
    String essence = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!essence.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")) {
      return Optional.empty();
    }
    DeclaredType type = new DeclaredType(essence);
    boolean charsetOk =
        Arrays.stream(parts)
            .skip(1)
            .map(p -> p.strip().toLowerCase(Locale.ROOT).replace("\"", ""))
            .filter(p -> p.startsWith("charset="))
            .allMatch(p -> p.equals("charset=utf-8") || p.equals("charset=us-ascii"));
    return charsetOk || !type.text() ? Optional.of(type) : Optional.empty();
  }

  /** Text the agents can read, and which must be valid UTF-8 without NUL. */
  public boolean text() {
    return essence.startsWith("text/")
        || essence.equals("application/json")
        || essence.endsWith("+json");
  }

  public boolean json() {
    return essence.equals("application/json") || essence.endsWith("+json");
  }

  /** What a download says: text is always UTF-8. */
  public static String served(String stored) {
    return stored.startsWith("text/") ? stored + "; charset=utf-8" : stored;
  }
}
