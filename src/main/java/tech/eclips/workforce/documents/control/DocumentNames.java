package tech.eclips.workforce.documents.control;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Document names come from clients and go back out in {@code Content-Disposition}: no path, no
 * control or invisible formatting character (CR/LF would split a header, bidi overrides disguise an
 * extension), at most {@value #MAX_LENGTH} characters.
 */
public final class DocumentNames {

  public static final int MAX_LENGTH = 200;

  private DocumentNames() {}

  /** The name to store for an upload's {@code ?name=}; 400 if there is none to be had. */
  public static String stored(String requested) {
    if (requested == null || requested.isBlank()) {
      throw Problems.invalidRequest("name", "is required (the file's name, as a query parameter)");
    }
    if (requested.indexOf('\uFFFD') >= 0) {
      throw Problems.invalidRequest("name", "must be valid UTF-8");
    }
    return sanitise(requested)
        .orElseThrow(
            () -> Problems.invalidRequest("name", "must contain a file name, not just a path"));
  }

  /** The name to store, or empty if nothing usable is left. */
  public static Optional<String> sanitise(String requested) {
    if (requested == null) {
      return Optional.empty();
    }
    String last =
        requested.substring(Math.max(requested.lastIndexOf('/'), requested.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder();
    last.codePoints()
        .filter(DocumentNames::visible)
        .limit(MAX_LENGTH)
        .forEach(kept::appendCodePoint);
    String name = kept.toString().strip();
    return name.isEmpty() || name.equals(".") || name.equals("..")
        ? Optional.empty()
        : Optional.of(name);
  }

  private static boolean visible(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED ->
          false;
      default -> true;
    };
  }

  /**
   * {@code attachment; filename="…"} with an ASCII stand-in, plus RFC 5987's {@code filename*} when
   * the name is not plain ASCII.
   */
  public static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints()
        .map(c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c)
        .forEach(ascii::appendCodePoint);
    String header = "attachment; filename=\"" + ascii + "\"";
    return ascii.toString().equals(name) ? header : header + "; filename*=UTF-8''" + encoded(name);
  }

  private static String encoded(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (attrChar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** RFC 5987 attr-char: the bytes that may stand unencoded. */
  private static boolean attrChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
